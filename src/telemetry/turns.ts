import { context as otelContext, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Middleware, TurnContext } from 'botbuilder';
import type { SenderPolicy, SenderRequest, SenderResponse } from '../bot/connectorSender';
import { errorType, traced, TURN_SPAN, type Instruments } from './instruments';

/**
 * The turn as a request span: everything the turn awaits (directory, SMS, storage, connector) is a
 * child of it. It records the activity's type and whether it was a card press, never its text or
 * values (a press carries the new password) nor who sent it; the case id is added once the case is known.
 */
export function turnMiddleware(i: Instruments): Middleware {
  return {
    onTurn: (turn: TurnContext, next: () => Promise<void>) => {
      const { activity } = turn;
      const kind = activity.value !== undefined ? 'submit' : activity.text !== undefined ? 'text' : 'other';
      const attributes = {
        'reset.activity.type': activity.type,
        'reset.turn.kind': kind,
        'reset.channel': activity.channelId,
        ...(activity.conversation?.conversationType
          ? { 'reset.conversation.type': activity.conversation.conversationType }
          : {}),
      };
      const started = performance.now();
      return i.tracer.startActiveSpan('turn', { kind: SpanKind.SERVER, attributes }, async (span) => {
        try {
          await otelContext.with(otelContext.active().setValue(TURN_SPAN, span), next);
          span.setStatus({ code: SpanStatusCode.OK });
        } catch (error) {
          span.setAttribute('error.type', errorType(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
          throw error;
        } finally {
          span.end();
          i.turnDuration.record(performance.now() - started, { 'reset.activity.type': activity.type });
        }
      });
    },
  };
}

/**
 * Around the connector sender: one span per call (its paced retries inside), the operation read from
 * the path's shape (no URL: it holds conversation and activity ids), each 429 counted as throttled.
 */
export function tracedConnector(i: Instruments, policy: SenderPolicy): SenderPolicy {
  return {
    name: policy.name,
    sendRequest: (request, next) =>
      traced(i, 'connector', connectorOperation(request), async (span) => {
        let attempts = 0;
        const response = await policy.sendRequest(request, async (attempt): Promise<SenderResponse> => {
          attempts++;
          const answer = await next(attempt);
          if (answer.status === 429) i.throttled.add(1, { 'reset.dependency': 'connector' });
          return answer;
        });
        span.setAttributes({ 'http.response.status_code': response.status, 'reset.attempts': attempts });
        if (response.status >= 400) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(response.status) });
          if (response.status !== 429)
            i.failed.add(1, {
              'reset.dependency': 'connector',
              'reset.operation': connectorOperation(request),
            });
        }
        return response;
      }),
  };
}

/** `POST …/activities` → send, `POST …/activities/{id}` → reply, `PUT …/activities/{id}` → update. */
export function connectorOperation(request: SenderRequest): string {
  const path = URL.canParse(request.url) ? new URL(request.url).pathname : '';
  const method = request.method.toUpperCase();
  if (/\/v3\/conversations\/?$/.test(path))
    return method === 'POST' ? 'create-conversation' : 'conversations';
  if (/\/activities\/[^/]+\/members\/?$/.test(path)) return 'members';
  if (/\/activities\/[^/]+\/?$/.test(path))
    return method === 'PUT' ? 'update' : method === 'DELETE' ? 'delete' : 'reply';
  if (/\/activities\/?$/.test(path)) return 'send';
  if (/\/members/.test(path)) return 'members';
  return 'other';
}
