import { z } from 'zod';
import { alertSettings } from './alerts';
import { approvalSettings } from './approval';
import { botSettings } from './bot';
import { codeSettings } from './codes';
import { directorySettings } from './directory';
import { helpdeskSettings } from './helpdesk';
import { noticeSettings } from './notices';
import { playgroundSettings } from './playground';
import { serverSettings } from './server';
import { smsSettings } from './sms';
import { storageSettings } from './storage';
import { telemetrySettings } from './telemetry';

/**
 * Every setting the bot reads, as environment variables, area by area (each area's file holds its rules).
 * `.describe()` is the documentation: the README table and `.env.example` are generated from it
 * (`npm run config:docs`) and a test checks they are current.
 */
export const settingsSchema = z.object({
  ...serverSettings.shape,
  ...botSettings.shape,
  ...directorySettings.shape,
  ...smsSettings.shape,
  ...codeSettings.shape,
  ...storageSettings.shape,
  ...telemetrySettings.shape,
  ...helpdeskSettings.shape,
  ...alertSettings.shape,
  ...noticeSettings.shape,
  ...approvalSettings.shape,
  ...playgroundSettings.shape,
});

export type Settings = z.infer<typeof settingsSchema>;
