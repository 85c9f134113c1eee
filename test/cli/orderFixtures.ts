/** Registrations that meet the shipped AU MOBILE and DE LOCAL requirements (policies/*.json). */

export const auRegistration = (senderId: string, postalCode = '3000') => [
  [
    {
      senderId,
      purposeOfTheTraffic: 'One Time Password',
      intendedUseOfMobileNumbers: 'Transactional',
      iConfirmThatMyBusinessHasAValidUseCaseForThisLn: true,
    },
  ],
  {
    endBusinessName: 'Example Pty Ltd',
    endBusinessAddress: '1 Collins Street',
    city: 'Melbourne',
    state: 'VIC',
    country: 'AU',
    postalCode,
  },
  { firstName: 'Alex', lastName: 'Example', phoneNumber: '+61411111113' },
];

export const deRegistration = [
  [
    {
      usageType: 'INBOUND_AND_OUTBOUND_CALLS',
      serviceDescription: 'Customer service line of the Berlin branch office',
      iConfirmThatTheEndUserHasAValidUseCaseForThisNumber: true,
      iConfirmTheNumberIsUsedAtTheEndUserAddress: true,
    },
  ],
  {
    typeOfCustomer: 'BUSINESS',
    companyName: 'Beispiel Handels GmbH',
    registrationNumber: 'HRB 123456 B, Amtsgericht Charlottenburg',
    street: 'Friedrichstraße 123',
    postalCode: '10117',
    city: 'Berlin',
    country: 'DE',
  },
  { firstName: 'Erika', lastName: 'Mustermann', phoneNumber: '+4930901820', email: 'erika@example.de' },
];
