/**
 * The document's tags. The Numbers API's are the upstream tag names, so a reader finds the same
 * groups as in Sinch's reference; the surfaces that exist only here say so in their name.
 */
export const TAGS = {
  availableNumber: 'Available Number',
  activeNumber: 'Active Number',
  availableRegions: 'Available Regions',
  callbacks: 'Numbers Callbacks',
  importedNumbers: 'Imported Numbers',
  importedCallbacks: 'Imported Numbers and Hosting Orders Callbacks',
  qualifiedNumbers: 'Qualified Numbers',
  numberOrder: 'Number Order',
  hostingOrders: 'Hosting Orders',
  hostingOrdersExtension: 'Hosting Orders: LOA (Open Numbers extension)',
  oauth: 'Authentication',
  admin: 'Admin (Open Numbers extension)',
  sandbox: 'Sandbox (Open Numbers extension)',
  service: 'Service (Open Numbers extension)',
} as const;

export const TAG_DEFINITIONS = [
  { name: TAGS.availableNumber, description: 'Search the numbers for sale, and rent one (US LOCAL).' },
  {
    name: TAGS.activeNumber,
    description: "The project's rented numbers, their configuration and E911 address.",
  },
  { name: TAGS.availableRegions, description: 'The regions that sell numbers, and which types.' },
  { name: TAGS.callbacks, description: 'The secret that signs the callbacks sent to a project.' },
  {
    name: TAGS.importedNumbers,
    description:
      'Imported Numbers API (under /imported): US and CA numbers hosted elsewhere, enabled for SMS here. Its errors are flat {code, message, status, details}.',
  },
  {
    name: TAGS.importedCallbacks,
    description: "The Imported Numbers API's own callback signing secret, apart from the Numbers API's.",
  },
  {
    name: TAGS.hostingOrders,
    description:
      'Imported Numbers API (under /imported): hosting orders import or text-enable batches of US and CA numbers, with a Letter of Authorization.',
  },
  {
    name: TAGS.hostingOrdersExtension,
    description:
      'The LOA of a hosting order: its PDF download and the signing page of the e-mailed link (this server only).',
  },
  {
    name: TAGS.qualifiedNumbers,
    description:
      'Imported Numbers API (under /imported): numbers on their way to being hosted, through eligibility (invoices), ownership (a voice challenge) and hosting.',
  },
  {
    name: TAGS.numberOrder,
    description:
      'Ordering numbers with identity checks (KYC): requirements, registration, documents, review.',
  },
  {
    name: TAGS.oauth,
    description: 'Bearer tokens for the client-credentials grant, as auth.sinch.com issues them.',
  },
  {
    name: TAGS.admin,
    description:
      'Operator functions: projects, access keys, inventory, prices, KYC policies, reviews and the audit log.',
  },
  {
    name: TAGS.sandbox,
    description: 'Developer controls of a sandbox server: its clock, the callback log and delivery faults.',
  },
  { name: TAGS.service, description: 'Liveness and this document.' },
];
