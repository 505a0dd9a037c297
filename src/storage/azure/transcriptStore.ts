import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { BlobsTranscriptStore } from 'botbuilder-azure-blobs';

/**
 * `BlobsTranscriptStore` (4.23.3) with two behaviours aligned to the other stores: `startDate` is
 * compared with the activity's timestamp (the library compares the blob's creation time), and
 * `listTranscripts` names each conversation once (the library returns one entry per activity blob).
 */
export class AzureTranscriptStore implements TranscriptStore {
  constructor(private readonly blobs: BlobsTranscriptStore) {}

  logActivity(activity: Activity): Promise<void> {
    return this.blobs.logActivity(activity);
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const page = await this.blobs.getTranscriptActivities(
      channelId,
      conversationId,
      continuationToken,
      startDate,
    );
    return { ...page, items: fromDate(page.items, startDate) };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const page = await this.blobs.listTranscripts(channelId, continuationToken);
    return { ...page, items: oncePerConversation(page.items) };
  }

  deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    return this.blobs.deleteTranscript(channelId, conversationId);
  }
}

export function fromDate(activities: readonly Activity[], startDate?: Date): Activity[] {
  if (startDate === undefined) return [...activities];
  return activities.filter((activity) => new Date(activity.timestamp ?? 0).getTime() >= startDate.getTime());
}

/** One entry per conversation, with its earliest `created`. */
export function oncePerConversation(infos: readonly TranscriptInfo[]): TranscriptInfo[] {
  const byId = new Map<string, TranscriptInfo>();
  for (const info of infos) {
    const seen = byId.get(info.id);
    if (!seen || info.created < seen.created) byId.set(info.id, info);
  }
  return [...byId.values()];
}
