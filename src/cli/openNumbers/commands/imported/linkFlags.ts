import type { Command } from 'commander';

/**
 * The flags every command that links numbers to SMS takes: --sms-service-plan, --campaign, --display-name and
 * --callback-url (import, bulk-import, text-enable), and the request fields they set.
 */
export interface LinkFlags {
  smsServicePlan: string;
  campaign?: string;
  displayName?: string;
  callbackUrl?: string;
}

export function withLinkFlags(command: Command, whose: 'number' | 'order'): Command {
  const them = whose === 'number' ? 'the number' : 'the numbers';
  return command
    .requiredOption('--sms-service-plan <id>', `the SMS service plan to link ${them} to`)
    .option('--campaign <id>', `the 10DLC campaign to link ${them} to`)
    .option('--display-name <text>', `a display name for the ${whose}`)
    .option('--callback-url <url>', `where the events of the ${whose} go`);
}

export function linkFields(flags: LinkFlags) {
  return {
    servicePlanId: flags.smsServicePlan,
    campaignId: flags.campaign,
    displayName: flags.displayName,
    callbackUrl: flags.callbackUrl,
  };
}
