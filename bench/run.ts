/**
 * `npm run bench`: the bot against a minimal botbuilder echo bot, both as child processes on loopback,
 * driven by the same load generator. Writes bench/results/latest.json. See README "Benchmark".
 *
 * Knobs (environment): BENCH_LEVELS (default 1,10,50,200), BENCH_SECONDS per level (6),
 * BENCH_MEMORY_CASES (10000) within BENCH_MEMORY_SECONDS (600), BENCH_USERS in the generated
 * directory (500), BENCH_CPU_PROF=1 to write V8 CPU profiles of the bot children and
 * BENCH_HEAP_SNAPSHOTS=1 heap snapshots of the memory run to bench/results/profiles/;
 * BENCH_MEMORY=0 skips the memory runs and BENCH_NEW_PASSWORD=0 the new-password level (quick iterations);
 * BENCH_TARGETS=bot measures the bot alone (comparing two builds of it, run after run);
 * BENCH_ROUNDS (3) runs per level and target, alternating baseline and bot; BENCH_FLOOR (50) the
 * levels where the design's floor (bench/floorServer.ts) runs too, `0` for none.
 * BENCH_INSTANCES=3 runs only the scale-out figure instead (bench/instances.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Activity } from 'botbuilder';
import type { CardVerb } from '../src/cards/actions';
import type { DemoDirectoryFile } from '../src/demo/demoDirectory';
import { runInstances } from './instances';
import type { ChildMessage, ChildStats, DirectoryCalls } from './protocol';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const LEVELS = (process.env.BENCH_LEVELS ?? '1,10,50,200').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const WARMUP_MS = 1500;
const MEMORY_CASES = Number(process.env.BENCH_MEMORY_CASES ?? 10_000);
/** The memory run stops here even if it has not reached MEMORY_CASES (a loaded machine). */
const MEMORY_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 600);
/** The baseline's memory is a reference only: it gets a shorter run. */
const BASELINE_MEMORY_SECONDS = Math.min(90, MEMORY_SECONDS);
const USERS = Number(process.env.BENCH_USERS ?? 500);
/** `BENCH_MEMORY=0 BENCH_NEW_PASSWORD=0 BENCH_LEVELS=50`: one level in about a minute, while profiling. */
const RUN_MEMORY = process.env.BENCH_MEMORY !== '0';
const RUN_NEW_PASSWORD = process.env.BENCH_NEW_PASSWORD !== '0';
/** A partial run does not overwrite the figures of the last complete one. */
const OUTPUT = RUN_MEMORY && RUN_NEW_PASSWORD ? 'latest.json' : 'quick.json';
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
/** Heap snapshots of the memory run's children after 100 cases and at the end, to diff what stays. */
const HEAP_SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS === '1';
/** The bot's default is sqlite; the baseline keeps its conversation state in the same kind of storage. */
const STORAGE = process.env.BENCH_STORAGE === 'memory' ? 'memory' : 'sqlite';
const TARGETS: readonly Target[] = process.env.BENCH_TARGETS === 'bot' ? ['bot'] : ['baseline', 'bot'];
/**
 * The design's floor (bench/floorServer.ts) at these levels (default 50, the target's level; `0`
 * for none): the bot's required work per turn without its logic, with card presses answered as the
 * design says (`floor`: the pressed card updated into the next, one connector call a press, as the echo
 * makes), with the next card posted instead (`floor-post`, also one call) and as Universal Actions
 * would (`floor-invoke`, no call).
 * Needs the baseline.
 */
const FLOOR_LEVELS =
  process.env.BENCH_FLOOR === '0' || !TARGETS.includes('baseline')
    ? []
    : (process.env.BENCH_FLOOR ?? '50').split(',').map(Number);
const FLOORS: readonly Target[] = ['floor', 'floor-post', 'floor-invoke'];
/**
 * Each level runs this many times per target, baseline and bot alternating (which goes first swaps
 * every round), so a burst of load from elsewhere on a shared machine hits both or shows as an outlier.
 */
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 3)));
const WORK_DIR = mkdtempSync(path.join(tmpdir(), 'reset-bench-'));
/** The unlock path has five turns; an echo conversation has as many, so a "reset" is comparable. */
const ECHO_TURNS = 5;

type Target = 'baseline' | 'bot' | 'floor' | 'floor-post' | 'floor-invoke';
type Path = 'unlock' | 'newPassword';

// ---------------------------------------------------------------- loopback stand-ins

/** The SMS gateway: keeps the latest code per phone number until the conversation takes it. */
class SmsGateway {
  /** Messages carrying a code; the owner's change notice after each reset has none and is counted apart. */
  received = 0;
  notices = 0;
  private readonly codes = new Map<string, string>();
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const body = JSON.parse(raw) as { to: string; message: string };
        const code = /\b(\d{6})\b/.exec(body.message)?.[1];
        if (code) {
          this.received++;
          this.codes.set(body.to, code);
        } else this.notices++;
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
      });
    });
    return `${await listenLocal(this.server)}/sms`;
  }

  take(phone: string): string | undefined {
    const code = this.codes.get(phone);
    this.codes.delete(phone);
    return code;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }
}

/** The Bot Connector at `serviceUrl`: gives replies ids and keeps each open conversation's activities. */
class Connector {
  calls = 0;
  private readonly conversations = new Map<string, Partial<Activity>[]>();
  private nextId = 1;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        this.calls++;
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
        if (!match) return res.writeHead(404).end('{}');
        const conversationId = decodeURIComponent(match[1]!);
        const activity = raw ? (JSON.parse(raw) as Partial<Activity>) : {};
        const id =
          match[2] !== undefined && req.method === 'PUT' ? decodeURIComponent(match[2]) : `c${this.nextId++}`;
        // A POST adds to the conversation; a PUT shows the updated card (one card per case) as this
        // turn's answer, so the next press finds its buttons on it.
        if (req.method === 'POST' || req.method === 'PUT')
          this.open(conversationId).push({ ...activity, id });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      });
    });
    return `${await listenLocal(this.server)}/`;
  }

  open(conversationId: string): Partial<Activity>[] {
    let activities = this.conversations.get(conversationId);
    if (!activities) this.conversations.set(conversationId, (activities = []));
    return activities;
  }

  close(conversationId: string): void {
    this.conversations.delete(conversationId);
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }
}

// ---------------------------------------------------------------- child processes

interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  readonly sqliteFile: string;
  readonly startupMs: number;
  readonly startupCpuMs: number;
  /** With `gc`, after a full GC; with `snapshot`, also writes a heap snapshot to that file. */
  stats(gc?: boolean, snapshot?: string): Promise<ChildStats>;
  stop(): Promise<void>;
}

let childCount = 0;

async function startChild(target: Target, env: Record<string, string>, gc = false): Promise<Child> {
  const script = path.join(
    __dirname,
    target === 'bot' ? 'botServer.js' : target === 'baseline' ? 'echoServer.js' : 'floorServer.js',
  );
  const execArgv = [
    ...(gc ? ['--expose-gc'] : []),
    ...(CPU_PROF && target !== 'baseline'
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS, 'profiles')}`]
      : []),
  ];
  // A fresh database per child, so every level starts from the same empty state.
  const sqliteFile = path.join(WORK_DIR, `${target}-${++childCount}.sqlite`);
  const started = performance.now();
  const child = fork(script, [], {
    cwd: WORK_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.BENCH_PACING ? { BENCH_PACING: process.env.BENCH_PACING } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      STORAGE,
      SQLITE_FILE: sqliteFile,
      ...(target === 'floor-invoke' ? { FLOOR_MODE: 'invoke' } : {}),
      ...(target === 'floor-post' ? { FLOOR_MODE: 'post' } : {}),
      ...env,
    },
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${target} exited with ${code} before listening`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'listening') resolve(message.port);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  while ((await get(`${url}/readyz`).catch(() => 0)) !== 200) await sleep(5);
  const startupMs = performance.now() - started;
  const stats = (collect = false, snapshot?: string) =>
    new Promise<ChildStats>((resolve) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== 'stats') return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ type: 'stats', gc: collect, ...(snapshot !== undefined ? { snapshot } : {}) });
    });
  return {
    process: child,
    url,
    sqliteFile,
    startupMs,
    // The CPU the child spent getting ready: steadier than the wall time on a shared machine.
    startupCpuMs: (await stats()).cpuMs,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------- load generator

interface Account {
  readonly index: number;
  readonly aadObjectId: string;
  readonly mobile: string;
}

function accountFor(index: number): Account {
  return {
    index,
    aadObjectId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    mobile: `+467010${String(index).padStart(5, '0')}`,
  };
}

function directoryFile(users: number): DemoDirectoryFile {
  return {
    users: Array.from({ length: users }, (_, index) => {
      const account = accountFor(index);
      return {
        username: `bench.user${index}`,
        displayName: `Bench User ${index}`,
        upn: `bench.user${index}@kommun.example`,
        mobile: account.mobile,
        locked: true,
        synced: true,
        aadObjectId: account.aadObjectId,
      };
    }),
  };
}

class FlowError extends Error {}

function stepOf(activity: Partial<Activity>): string {
  const value = activity.value as { verb?: unknown; action?: { verb?: unknown } } | undefined;
  const verb = value?.verb ?? value?.action?.verb;
  if (typeof verb === 'string') return verb;
  return /^\d{6}$/.test(activity.text ?? '') ? 'code' : 'message';
}

interface Recorder {
  measuring: boolean;
  latencies: number[];
  /** Latencies by kind of turn (card verb, code, message), to see which step makes a tail. */
  byStep: Map<string, number[]>;
  errors: number;
  turns: number;
  /** Turns including the warm-up, to divide the child's CPU time by. */
  allTurns: number;
  completed: number;
  firstError?: string;
}

class Client {
  private readonly agent: Agent;

  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    private readonly connector: Connector,
    private readonly recorder: Recorder,
    concurrency: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  }

  /** One turn: posts the activity and returns the replies that reached the connector during it. */
  async turn(
    conversationId: string,
    account: Account,
    overrides: Partial<Activity>,
  ): Promise<Partial<Activity>[]> {
    const activities = this.connector.open(conversationId);
    const before = activities.length;
    const body = JSON.stringify(teamsActivity(this.serviceUrl, conversationId, account, overrides));
    // A turn sent during the warm-up is not measured, even when it ends after it (a cold start's queue).
    const measured = this.recorder.measuring;
    const started = performance.now();
    const invoke = overrides.type === 'invoke';
    const { status, body: answer } = await post(
      this.agent,
      `${this.botUrl}/api/messages`,
      body,
      invoke,
    ).catch(() => ({ status: 0, body: '' }));
    this.recorder.allTurns++;
    if (measured) {
      const ms = performance.now() - started;
      this.recorder.latencies.push(ms);
      const step = stepOf(overrides);
      const list = this.recorder.byStep.get(step);
      if (list) list.push(ms);
      else this.recorder.byStep.set(step, [ms]);
      this.recorder.turns++;
    }
    if (status !== 200) throw new FlowError(`HTTP ${status}`);
    const replies = activities.slice(before);
    // A Universal Action's answer is the card in the invoke response, shown in place of the pressed one.
    if (invoke) replies.push(...invokeCard(answer, overrides.replyToId));
    if (replies.length === 0) throw new FlowError('no reply');
    return replies;
  }

  destroy(): void {
    this.agent.destroy();
  }
}

function teamsActivity(
  serviceUrl: string,
  conversationId: string,
  account: Account,
  overrides: Partial<Activity>,
): Partial<Activity> {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date(),
    from: {
      id: `29:bench-${account.index}`,
      name: `Bench User ${account.index}`,
      aadObjectId: account.aadObjectId,
    },
    recipient: { id: '28:reset-assistant', name: 'Reset Assistant' },
    conversation: {
      id: conversationId,
      name: '',
      conversationType: 'personal',
      tenantId: 'tenant-1',
      isGroup: false,
    },
    channelData: { tenant: { id: 'tenant-1' } },
    entities: [{ type: 'clientInfo', locale: 'sv-SE', platform: 'desktop' }],
    locale: 'sv-SE',
    ...overrides,
  };
}

/** The card of an `adaptiveCard/action` invoke response, as the message it replaces. */
function invokeCard(body: string, replyToId: string | undefined): Partial<Activity>[] {
  const response = JSON.parse(body || '{}') as { type?: unknown; value?: unknown };
  if (response.type !== 'application/vnd.microsoft.card.adaptive') return [];
  return [
    {
      ...(replyToId !== undefined ? { id: replyToId } : {}),
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: response.value }],
    },
  ];
}

/** The same press as a Universal Action (`Action.Execute`): an `adaptiveCard/action` invoke. */
function execute(submit: Partial<Activity>): Partial<Activity> {
  const data = submit.value as Record<string, unknown> & { verb: string };
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: data.verb, data }, trigger: 'manual' },
    ...(submit.replyToId !== undefined ? { replyToId: submit.replyToId } : {}),
  };
}

/** The submit a press on the newest button with `verb` sends, replying to its card. */
function press(
  replies: Partial<Activity>[],
  verb: CardVerb,
  inputs: Record<string, string> = {},
): Partial<Activity> {
  for (const activity of [...replies].reverse()) {
    const data = findSubmit(
      activity.attachments?.map((a) => a.content as unknown),
      verb,
    );
    if (data) return { value: { ...data, ...inputs }, ...(activity.id ? { replyToId: activity.id } : {}) };
  }
  throw new FlowError(`no ${verb} button (the bot said: ${describeReplies(replies)})`);
}

/** What the bot answered instead, for the error: texts and the cards' first text blocks, shortened. */
function describeReplies(replies: Partial<Activity>[]): string {
  const texts = replies.map((reply) => {
    const card = JSON.stringify(reply.attachments?.map((a) => a.content as unknown) ?? []);
    const cardText = [...card.matchAll(/"text":"([^"]{1,80})/g)].map((m) => m[1]).join(' | ');
    return reply.text ?? cardText;
  });
  return texts.join(' / ').slice(0, 300);
}

function findSubmit(node: unknown, verb: CardVerb): Record<string, unknown> | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findSubmit(item, verb);
      if (found) return found;
    }
    return undefined;
  }
  const record = node as Record<string, unknown>;
  const data = record['data'] as Record<string, unknown> | undefined;
  if (record['type'] === 'Action.Submit' && data?.['verb'] === verb) return data;
  return findSubmit(Object.values(record), verb);
}

let passwordCounter = 0;

/**
 * A new password each time, as AD's rules want it: with the counter in the letters a–j and one digit,
 * it never contains a name token of the account ("Bench User 123" makes `123` one: a counter in digits
 * was refused now and then, as AD would).
 */
function benchPassword(counter: number): string {
  const letters = [...String(counter)].map((digit) => String.fromCharCode(97 + Number(digit))).join('');
  return `Kanelbulle${letters}7X`;
}

/** A complete reset in the bot: hello → "my account" → SMS code → choice → (new password) → finish. */
async function resetConversation(
  client: Client,
  sms: SmsGateway,
  account: Account,
  flow: Path,
): Promise<void> {
  const conversationId = `a:${randomUUID()}`;
  const welcome = await client.turn(conversationId, account, { text: 'hej' });
  const codeCard = await client.turn(conversationId, account, press(welcome, 'account.own'));
  const code = sms.take(account.mobile);
  if (code === undefined) throw new FlowError('no SMS code');
  // Entered in the card's field (Enter sends it): every step after "hej" is a press of the one card.
  const choice = await client.turn(conversationId, account, press(codeCard, 'code.submit', { code }));
  let done: Partial<Activity>[];
  if (flow === 'unlock') {
    done = await client.turn(conversationId, account, press(choice, 'choice.unlock'));
  } else {
    const form = await client.turn(conversationId, account, press(choice, 'choice.newPassword'));
    const password = benchPassword(++passwordCounter);
    done = await client.turn(
      conversationId,
      account,
      press(form, 'password.submit', { newPassword: password, repeatPassword: password }),
    );
  }
  await client.turn(conversationId, account, press(done, 'done.finish'));
}

/**
 * The floor's conversation: the bot's turn mix (one typed, four presses), each answered with a card;
 * presses as Action.Submit (`floor`, `floor-post`) or as Universal Actions (`floor-invoke`).
 */
async function floorConversation(client: Client, account: Account, invoke: boolean): Promise<void> {
  const conversationId = `a:${randomUUID()}`;
  const pressed = (replies: Partial<Activity>[]) => {
    const submit = press(replies, 'choice.unlock');
    return invoke ? execute(submit) : submit;
  };
  let replies = await client.turn(conversationId, account, { text: 'hej' });
  replies = await client.turn(conversationId, account, pressed(replies));
  replies = await client.turn(conversationId, account, pressed(replies));
  replies = await client.turn(conversationId, account, pressed(replies));
  await client.turn(conversationId, account, pressed(replies));
}

async function echoConversation(client: Client, account: Account): Promise<void> {
  const conversationId = `a:${randomUUID()}`;
  for (let turn = 1; turn <= ECHO_TURNS; turn++)
    await client.turn(conversationId, account, { text: `hej ${turn}` });
}

interface LoadOptions {
  readonly target: Target;
  readonly flow: Path;
  readonly concurrency: number;
  readonly botUrl: string;
  readonly serviceUrl: string;
  readonly connector: Connector;
  readonly sms: SmsGateway;
  readonly measureMs: number;
  readonly warmupMs: number;
  /** Stop starting conversations once this many have started (measured or not). */
  readonly maxCompleted: number;
}

interface LoadResult {
  readonly turns: number;
  readonly completed: number;
  /** Completed conversations, warm-up included. */
  readonly allCompleted: number;
  readonly allTurns: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly elapsedMs: number;
  readonly latencies: number[];
  readonly byStep: ReadonlyMap<string, number[]>;
}

/** `concurrency` conversations at a time, each worker on its own accounts, bounded in count and time. */
async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const recorder: Recorder = {
    measuring: options.warmupMs === 0,
    latencies: [],
    byStep: new Map(),
    errors: 0,
    turns: 0,
    allTurns: 0,
    completed: 0,
  };
  const client = new Client(
    options.botUrl,
    options.serviceUrl,
    options.connector,
    recorder,
    options.concurrency,
  );
  let total = 0;
  let started = 0;
  let measureStart = performance.now();
  let deadline = recorder.measuring ? measureStart + options.measureMs : Number.POSITIVE_INFINITY;
  // Measuring starts after the warm-up time and once every worker has finished one conversation: at
  // 200, the first round alone (all conversations starting together on a cold process) outlasts it.
  const workers = Math.min(options.concurrency, USERS);
  let warmedWorkers = 0;
  let warmupOver = false;
  const openGate = () => {
    if (recorder.measuring || !warmupOver || warmedWorkers < workers) return;
    recorder.measuring = true;
    measureStart = performance.now();
    deadline = measureStart + options.measureMs;
  };
  const gate = setTimeout(() => {
    warmupOver = true;
    openGate();
  }, options.warmupMs);
  let lastEnd = measureStart;

  const worker = async (w: number): Promise<void> => {
    // Each worker cycles through its own accounts, so no two conversations share an account.
    const mine = Array.from(
      { length: Math.ceil((USERS - w) / options.concurrency) },
      (_, i) => w + i * options.concurrency,
    );
    for (let round = 0; performance.now() < deadline && started < options.maxCompleted; round++) {
      started++;
      const account = accountFor(mine[round % mine.length]!);
      try {
        if (options.target === 'bot') await resetConversation(client, options.sms, account, options.flow);
        else if (options.target === 'baseline') await echoConversation(client, account);
        else await floorConversation(client, account, options.target === 'floor-invoke');
        total++;
        if (recorder.measuring) recorder.completed++;
      } catch (error) {
        if (!(error instanceof FlowError)) throw error;
        recorder.errors++;
        recorder.firstError ??= error.message;
      }
      lastEnd = performance.now();
      if (round === 0) {
        warmedWorkers++;
        openGate();
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  clearTimeout(gate);
  client.destroy();
  return {
    turns: recorder.turns,
    completed: recorder.completed,
    allCompleted: total,
    allTurns: recorder.allTurns,
    errors: recorder.errors,
    ...(recorder.firstError !== undefined ? { firstError: recorder.firstError } : {}),
    elapsedMs: Math.max(1, lastEnd - measureStart),
    latencies: recorder.latencies,
    byStep: recorder.byStep,
  };
}

// ---------------------------------------------------------------- the run

interface LevelFigures {
  readonly concurrency: number;
  readonly turnsPerSecond: number;
  readonly resetsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly peakRssMb: number;
  /** CPU the server process spent per turn (user + system), robust against other load on the machine. */
  readonly cpuMsPerTurn: number;
  /** p50 and p99 per kind of turn, in ms. */
  readonly byStepMs: Record<string, { p50: number; p99: number; turns: number }>;
  readonly startupMs: number;
  readonly startupCpuMs: number;
  readonly turns: number;
  readonly completed: number;
  readonly directoryCallsPerReset?: Record<string, number>;
  readonly smsPerReset?: number;
  readonly noticeSmsPerReset?: number;
  /** Calls to the connector (posts and updates) per turn and per completed reset or conversation. */
  readonly connectorCallsPerTurn: number;
  readonly connectorCallsPerReset: number;
}

async function measureLevel(
  target: Target,
  flow: Path,
  concurrency: number,
  env: Record<string, string>,
  connector: Connector,
  sms: SmsGateway,
  serviceUrl: string,
): Promise<LevelFigures> {
  const child = await startChild(target, env);
  const smsBefore = sms.received;
  const noticesBefore = sms.notices;
  try {
    const cpuBefore = (await child.stats()).cpuMs;
    const connectorBefore = connector.calls;
    const result = await runLoad({
      target,
      flow,
      concurrency,
      botUrl: child.url,
      serviceUrl,
      connector,
      sms,
      measureMs: SECONDS * 1000,
      warmupMs: WARMUP_MS,
      maxCompleted: 20_000,
    });
    const stats = await child.stats();
    const all = result.allCompleted;
    const connectorCalls = connector.calls - connectorBefore;
    const sorted = [...result.latencies].sort((a, b) => a - b);
    return {
      concurrency,
      turnsPerSecond: round((result.turns / result.elapsedMs) * 1000),
      resetsPerSecond: round((result.completed / result.elapsedMs) * 1000),
      p50Ms: round(percentile(sorted, 0.5)),
      p95Ms: round(percentile(sorted, 0.95)),
      p99Ms: round(percentile(sorted, 0.99)),
      errors: result.errors,
      ...(result.firstError !== undefined ? { firstError: result.firstError } : {}),
      peakRssMb: round(stats.maxRss / 2 ** 20),
      byStepMs: Object.fromEntries(
        [...result.byStep].map(([step, values]) => {
          const ordered = [...values].sort((a, b) => a - b);
          return [
            step,
            {
              p50: round(percentile(ordered, 0.5)),
              p99: round(percentile(ordered, 0.99)),
              turns: ordered.length,
            },
          ];
        }),
      ),
      cpuMsPerTurn: round((stats.cpuMs - cpuBefore) / Math.max(1, result.allTurns), 2),
      startupMs: round(child.startupMs),
      startupCpuMs: round(child.startupCpuMs),
      turns: result.turns,
      completed: result.completed,
      // Conversations still running when the load stops made calls but completed no reset: a small
      // overcount per reset, the same for every target.
      connectorCallsPerTurn: round(connectorCalls / Math.max(1, result.allTurns), 3),
      connectorCallsPerReset: round(connectorCalls / Math.max(1, all), 3),
      ...(stats.directoryCalls && all > 0
        ? {
            directoryCallsPerReset: perReset(stats.directoryCalls, all),
            smsPerReset: round((sms.received - smsBefore) / all, 3),
            noticeSmsPerReset: round((sms.notices - noticesBefore) / all, 3),
          }
        : {}),
    };
  } finally {
    await child.stop();
  }
}

function perReset(calls: DirectoryCalls, resets: number): Record<string, number> {
  const out: Record<string, number> = {};
  let total = 0;
  for (const [method, count] of Object.entries(calls)) {
    out[method] = round(count / resets, 3);
    total += count;
  }
  out['total'] = round(total / resets, 3);
  return out;
}

interface MemoryFigures {
  readonly casesMeasured: number;
  readonly heapUsedAfter100Mb: number;
  readonly heapUsedAfterAllMb: number;
  readonly ratio: number;
  readonly bytesPerCase: number;
  readonly sqliteFileMb?: number;
  /** heapUsed after MEMORY_CASES over after 100, extrapolating the measured growth per case. */
  readonly projectedRatio: number;
  readonly casesAtMiddle: number;
  readonly heapUsedAtMiddleMb: number;
  readonly bytesPerCaseSecondHalf: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly after100: ChildStats;
  readonly afterAll: ChildStats;
  readonly seconds: number;
}

async function measureMemory(
  target: Target,
  seconds: number,
  env: Record<string, string>,
  connector: Connector,
  sms: SmsGateway,
  serviceUrl: string,
): Promise<MemoryFigures> {
  const child = await startChild(target, env, true);
  try {
    const started = performance.now();
    // Two bounded runs with the child idle in between, so no turn is in flight when the heap is measured.
    const deadline = performance.now() + seconds * 1000;
    const run = (count: number, share = 1) =>
      runLoad({
        target,
        flow: 'unlock',
        concurrency: 50,
        botUrl: child.url,
        serviceUrl,
        connector,
        sms,
        measureMs: Math.max(0, (deadline - performance.now()) * share),
        warmupMs: 0,
        maxCompleted: count,
      });
    const snapshot = (when: string) =>
      HEAP_SNAPSHOTS ? path.join(RESULTS, 'profiles', `${target}-${when}.heapsnapshot`) : undefined;
    if (HEAP_SNAPSHOTS) mkdirSync(path.join(RESULTS, 'profiles'), { recursive: true });
    const first = await run(100);
    const after100 = await child.stats(true, snapshot('after-100'));
    // A midpoint tells steady growth per case from one-time warm-up (lazy compilation, caches).
    const middle = await run(Math.floor((MEMORY_CASES - 100) / 2), 0.5);
    const afterMiddle = await child.stats(true);
    const rest = await run(MEMORY_CASES - 100 - middle.allCompleted);
    const afterAll = await child.stats(true, snapshot('after-all'));
    const cases = first.allCompleted + middle.allCompleted + rest.allCompleted;
    const firstError = first.firstError ?? middle.firstError ?? rest.firstError;
    return {
      casesMeasured: cases,
      errors: first.errors + middle.errors + rest.errors,
      casesAtMiddle: first.allCompleted + middle.allCompleted,
      heapUsedAtMiddleMb: round(afterMiddle.heapUsed / 2 ** 20),
      bytesPerCaseSecondHalf: Math.round(
        (afterAll.heapUsed - afterMiddle.heapUsed) / Math.max(1, rest.allCompleted),
      ),
      ...(firstError !== undefined ? { firstError } : {}),
      heapUsedAfter100Mb: round(after100.heapUsed / 2 ** 20),
      heapUsedAfterAllMb: round(afterAll.heapUsed / 2 ** 20),
      ratio: round(afterAll.heapUsed / after100.heapUsed, 3),
      projectedRatio: round(
        (after100.heapUsed +
          Math.max(0, afterAll.heapUsed - after100.heapUsed) *
            ((MEMORY_CASES - first.allCompleted) / Math.max(1, cases - first.allCompleted))) /
          after100.heapUsed,
        3,
      ),
      ...(STORAGE === 'sqlite' ? { sqliteFileMb: round(fileSize(child.sqliteFile) / 2 ** 20) } : {}),
      bytesPerCase: Math.round(
        (afterAll.heapUsed - after100.heapUsed) / Math.max(1, cases - first.allCompleted),
      ),
      after100,
      afterAll,
      seconds: round((performance.now() - started) / 1000),
    };
  } finally {
    await child.stop();
  }
}

/** What one scrypt hash costs here: setPassword in the demo directory runs one per history entry plus one. */
function scryptCostMs(): number {
  const salt = randomBytes(16);
  scryptSync('warm-up', salt, 32);
  const samples = 5;
  const started = performance.now();
  for (let i = 0; i < samples; i++) scryptSync(`Kanelbulle${i}`, salt, 32);
  return round((performance.now() - started) / samples);
}

async function main(): Promise<void> {
  if (process.env.BENCH_INSTANCES !== undefined)
    return runInstances(RESULTS).finally(() => rmSync(WORK_DIR, { recursive: true, force: true }));
  const began = performance.now();
  const loadAtStart = loadavg();
  mkdirSync(RESULTS, { recursive: true });
  const directoryPath = path.join(WORK_DIR, 'directory.json');
  writeFileSync(directoryPath, JSON.stringify(directoryFile(USERS)));

  const sms = new SmsGateway();
  const connector = new Connector();
  const [smsUrl, serviceUrl] = await Promise.all([sms.start(), connector.start()]);
  const botEnv: Record<string, string> = {
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    PLAYGROUND: 'false',
    DIRECTORY: 'demo',
    DEMO_DIRECTORY_FILE: directoryPath,
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: smsUrl,
    // A real SMS provider without bot credentials: said explicitly (SECURITY.md).
    ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
    CODE_HASH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    UNIFORM_ANSWER_MIN_MS: '0',
    // The maxima the schema allows, so the load measures the code path rather than the abuse controls.
    CASES_PER_REQUESTER_PER_HOUR: '1000',
    SMS_HOURLY_BUDGET: '100000',
    SMS_PER_ACCOUNT_PER_HOUR: '100',
    WRONG_CODES_PER_ACCOUNT_PER_DAY: '1000',
    CODE_RESEND_COOLDOWN_SECONDS: '0',
  };

  const none = (): Record<Target, LevelFigures[]> => ({
    baseline: [],
    bot: [],
    floor: [],
    'floor-post': [],
    'floor-invoke': [],
  });
  const levels = none();
  const spawns = none();
  const paired = new Map<number, PairedRatios>();
  const floorPaired: Partial<Record<Target, Record<number, PairedRatios>>> = {};
  for (const concurrency of LEVELS) {
    const rounds = none();
    const targets = FLOOR_LEVELS.includes(concurrency) ? [...TARGETS, ...FLOORS] : TARGETS;
    for (let n = 0; n < ROUNDS; n++) {
      for (const target of n % 2 === 0 ? targets : [...targets].reverse()) {
        const figures = await measureLevel(
          target,
          'unlock',
          concurrency,
          target === 'bot' ? botEnv : {},
          connector,
          sms,
          serviceUrl,
        );
        rounds[target].push(figures);
        log(
          `${target.padEnd(8)} c=${String(concurrency).padStart(3)} round ${n + 1}/${ROUNDS} ${summary(figures)}`,
        );
      }
    }
    for (const target of targets) levels[target].push(medianRound(rounds[target]));
    for (const target of TARGETS) spawns[target].push(...rounds[target]);
    if (rounds.baseline.length > 0) paired.set(concurrency, pairRatios(rounds.baseline, rounds.bot));
    for (const floor of FLOORS) {
      if (rounds[floor].length > 0)
        (floorPaired[floor] ??= {})[concurrency] = pairRatios(rounds.baseline, rounds[floor]);
    }
  }
  if (!TARGETS.includes('baseline')) {
    // No ratios without the baseline: the lines above are the result.
    await Promise.all([sms.stop(), connector.stop()]);
    rmSync(WORK_DIR, { recursive: true, force: true });
    return;
  }
  const newPasswordLevel = LEVELS.includes(50) ? 50 : LEVELS.at(-1)!;
  const newPassword = RUN_NEW_PASSWORD
    ? await measureLevel('bot', 'newPassword', newPasswordLevel, botEnv, connector, sms, serviceUrl)
    : undefined;
  if (newPassword) log(`bot (new password) c=${newPasswordLevel} ${summary(newPassword)}`);
  for (const level of levels.bot)
    log(`bot c=${level.concurrency} by step: ${JSON.stringify(level.byStepMs)}`);
  const scryptMs = scryptCostMs();

  let memory: MemoryFigures | undefined;
  let baselineMemory: MemoryFigures | undefined;
  if (RUN_MEMORY) {
    log(`memory: ${MEMORY_CASES} unlock resets at concurrency 50 in a --expose-gc child ...`);
    memory = await measureMemory('bot', MEMORY_SECONDS, botEnv, connector, sms, serviceUrl);
    log(`memory: the same for the baseline (${BASELINE_MEMORY_SECONDS} s at most) ...`);
    baselineMemory = await measureMemory('baseline', BASELINE_MEMORY_SECONDS, {}, connector, sms, serviceUrl);
  }
  const loadAtEnd = loadavg();
  await Promise.all([sms.stop(), connector.stop()]);
  rmSync(WORK_DIR, { recursive: true, force: true });

  const startup = {
    // Every spawn of every level and round counts: startups are short and scatter with the load.
    spawnsEach: spawns.bot.length,
    baselineMs: median(spawns.baseline.map((l) => l.startupMs)),
    botMs: median(spawns.bot.map((l) => l.startupMs)),
    baselineCpuMs: median(spawns.baseline.map((l) => l.startupCpuMs)),
    botCpuMs: median(spawns.bot.map((l) => l.startupCpuMs)),
  };
  const at = (target: Target, c: number) => levels[target].find((l) => l.concurrency === c);
  const o50 = at('bot', 50);
  const ratios = {
    // The median of the rounds' own ratios: each pair ran back to back, under the same load.
    throughputAt50: paired.get(50)?.throughput,
    p99At50: paired.get(50)?.p99,
    cpuPerTurnAt50: paired.get(50)?.cpuPerTurn,
    startup: round(startup.botMs / startup.baselineMs, 3),
    startupCpu: round(startup.botCpuMs / startup.baselineCpuMs, 3),
    memory10kVs100: memory?.ratio,
    memoryProjectedTo10k: memory?.projectedRatio,
  };
  const calls = o50?.directoryCallsPerReset;
  // Issue 17's figures at 50: connector calls per turn and per reset for every target, and our
  // logic's CPU per turn (the bot minus the design's floor, both from this run).
  const connectorCallsAt50 = Object.fromEntries(
    (['baseline', 'bot', ...FLOORS] as const).flatMap((target) => {
      const figures = at(target, 50);
      return figures
        ? [[target, { perTurn: figures.connectorCallsPerTurn, perReset: figures.connectorCallsPerReset }]]
        : [];
    }),
  );
  const floor50 = at('floor', 50);
  const logicCpuMsPerTurnAt50 =
    o50 && floor50 ? round(o50.cpuMsPerTurn - floor50.cpuMsPerTurn, 2) : undefined;
  const targets = {
    throughputAt50AtLeast0_6: (ratios.throughputAt50 ?? 0) >= 0.6,
    p99At50AtMost1_5: (ratios.p99At50 ?? Infinity) <= 1.5,
    noErrorsUpTo200: levels.bot.every((l) => l.errors === 0),
    startupAtMost1_3: ratios.startup <= 1.3,
    // When the time bound stopped the run early, the per-case growth is projected to MEMORY_CASES.
    memoryAtMost1_2: memory ? memory.projectedRatio <= 1.2 : undefined,
    // find once (the Teams user's own account, which carries the mobile number), one write, and the
    // change notice's own look-up of the registered number (the case keeps none, by design).
    // The notice is sent after the answer, so the last resets' look-ups may not have run when counted.
    directoryCallsMinimal:
      calls !== undefined &&
      calls['findByAadObjectId'] === 1 &&
      (calls['unlock'] ?? 0) + (calls['setPassword'] ?? 0) === 1 &&
      (calls['findByUsername'] ?? 0) <= 1,
    oneSmsPerReset: o50?.smsPerReset === 1,
    connectorCallsPerResetAtMost5: (o50?.connectorCallsPerReset ?? Infinity) <= 5,
    logicCpuPerTurnAtMost0_7Ms:
      logicCpuMsPerTurnAt50 !== undefined ? logicCpuMsPerTurnAt50 <= 0.7 : undefined,
    throughputAt50AtLeast0_5: (ratios.throughputAt50 ?? 0) >= 0.5,
    p99At50AtMost2: (ratios.p99At50 ?? Infinity) <= 2,
  };

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    machine: {
      loadAverageAtStart: loadAtStart.map((v) => round(v)),
      loadAverageAtEnd: loadAtEnd.map((v) => round(v)),
    },
    settings: {
      storage: STORAGE,
      levels: LEVELS,
      secondsPerLevel: SECONDS,
      warmupMs: WARMUP_MS,
      users: USERS,
      flow: 'unlock',
      echoTurnsPerConversation: ECHO_TURNS,
      logLevel: botEnv['LOG_LEVEL'],
    },
    startup,
    baseline: levels.baseline,
    bot: levels.bot,
    // The design's floor (bench/floorServer.ts): what a turn must do without the bot's logic.
    floor: FLOOR_LEVELS.length > 0 ? levels.floor : undefined,
    floorPost: FLOOR_LEVELS.length > 0 ? levels['floor-post'] : undefined,
    floorInvoke: FLOOR_LEVELS.length > 0 ? levels['floor-invoke'] : undefined,
    floorPairedRatios: FLOOR_LEVELS.length > 0 ? floorPaired : undefined,
    connectorCallsAt50,
    logicCpuMsPerTurnAt50,
    botNewPassword: newPassword ? { ...newPassword, scryptMsPerHash: scryptMs } : undefined,
    memory,
    baselineMemory,
    ratios,
    pairedRatios: Object.fromEntries(paired),
    targets,
    durationSeconds: round((performance.now() - began) / 1000),
  };
  writeFileSync(path.join(RESULTS, OUTPUT), `${JSON.stringify(report, null, 2)}\n`);

  log('');
  log(
    `level | baseline turns/s p50/p95/p99 ms err RSS MB | bot turns/s resets/s p50/p95/p99 ms err RSS MB | ratio turns p99 CPU/turn (median of ${ROUNDS} rounds)`,
  );
  for (const c of LEVELS) {
    const b = at('baseline', c)!;
    const o = at('bot', c)!;
    const r = paired.get(c)!;
    log(
      `${String(c).padStart(5)} | ${b.turnsPerSecond} ${b.p50Ms}/${b.p95Ms}/${b.p99Ms} ${b.errors} ${b.peakRssMb}` +
        ` | ${o.turnsPerSecond} ${o.resetsPerSecond} ${o.p50Ms}/${o.p95Ms}/${o.p99Ms} ${o.errors} ${o.peakRssMb}` +
        ` | ${r.throughput} ${r.p99} ${r.cpuPerTurn}`,
    );
  }
  for (const floor of FLOORS) {
    for (const [c, r] of Object.entries(floorPaired[floor] ?? {})) {
      const f = at(floor, Number(c))!;
      log(
        `${floor.padEnd(12)} c=${c}: ${f.turnsPerSecond} turns/s, ${f.cpuMsPerTurn} ms CPU/turn, p99 ${f.p99Ms} ms, errors ${f.errors}` +
          ` | ratio to baseline: turns ${r.throughput} p99 ${r.p99} CPU/turn ${r.cpuPerTurn}`,
      );
    }
  }
  for (const [target, figures] of Object.entries(connectorCallsAt50)) {
    log(
      `connector calls at 50, ${target.padEnd(12)}: ${figures.perTurn} per turn, ${figures.perReset} per reset`,
    );
  }
  if (logicCpuMsPerTurnAt50 !== undefined) {
    log(`our logic's CPU per turn at 50 (bot minus floor): ${logicCpuMsPerTurnAt50} ms`);
  }
  log(
    `startup to /readyz: baseline ${startup.baselineMs} ms, bot ${startup.botMs} ms (×${ratios.startup}); CPU baseline ${startup.baselineCpuMs} ms, bot ${startup.botCpuMs} ms (×${ratios.startupCpu})`,
  );
  if (memory && baselineMemory) {
    log(
      `memory heapUsed after GC at ${memory.casesAtMiddle}: ${memory.heapUsedAtMiddleMb} MB; second half ${memory.bytesPerCaseSecondHalf} B/case`,
    );
    log(
      `memory heapUsed after GC: ${memory.heapUsedAfter100Mb} MB after 100, ${memory.heapUsedAfterAllMb} MB after ${memory.casesMeasured} (×${memory.ratio}, ${memory.bytesPerCase} B/case)`,
    );
    log(
      `baseline memory: ${baselineMemory.heapUsedAfter100Mb} MB after 100, ${baselineMemory.heapUsedAfterAllMb} MB after ${baselineMemory.casesMeasured} conversations (${baselineMemory.bytesPerCase} B/conversation)`,
    );
  }
  log(
    `directory calls per reset at 50: ${JSON.stringify(calls)}, SMS per reset ${o50?.smsPerReset} with a code and ${o50?.noticeSmsPerReset} change notice`,
  );
  if (newPassword)
    log(`new-password path at ${newPasswordLevel}: ${summary(newPassword)}; one scrypt hash ${scryptMs} ms`);
  log(`targets: ${JSON.stringify(targets)}`);
  log(
    `load average ${loadAtStart.map((v) => round(v)).join(' ')} → ${loadAtEnd.map((v) => round(v)).join(' ')}; ${report.durationSeconds} s; wrote bench/results/${OUTPUT}`,
  );
}

function summary(f: LevelFigures): string {
  return `${f.turnsPerSecond} turns/s, ${f.cpuMsPerTurn} ms CPU/turn, ${f.resetsPerSecond} conv/s, p50/p95/p99 ${f.p50Ms}/${f.p95Ms}/${f.p99Ms} ms, errors ${f.errors}${f.firstError ? ` (${f.firstError})` : ''}, peak RSS ${f.peakRssMb} MB, startup ${f.startupMs} ms`;
}

// ---------------------------------------------------------------- helpers

/** Posts `body`; reads the answer's body only when asked (an invoke response carries the card). */
function post(
  agent: Agent,
  url: string,
  body: string,
  readAnswer = false,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        if (readAnswer) res.on('data', (chunk: Buffer) => chunks.push(chunk));
        else res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function listenLocal(server: Server): Promise<string> {
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function fileSize(file: string): number {
  const size = (name: string) => {
    try {
      return statSync(name).size;
    } catch {
      return 0; // no WAL file (yet)
    }
  };
  return size(file) + size(`${file}-wal`);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Bot ÷ baseline for each round (the two ran back to back), and the median of those. */
interface PairedRatios {
  readonly throughput: number;
  readonly p99: number;
  readonly cpuPerTurn: number;
  readonly throughputByRound: readonly number[];
  readonly p99ByRound: readonly number[];
}

function pairRatios(baseline: readonly LevelFigures[], bot: readonly LevelFigures[]): PairedRatios {
  const byRound = (of: (f: LevelFigures) => number) => bot.map((o, n) => round(of(o) / of(baseline[n]!), 3));
  const throughputByRound = byRound((f) => f.turnsPerSecond);
  const p99ByRound = byRound((f) => f.p99Ms);
  return {
    throughput: round(median(throughputByRound), 3),
    p99: round(median(p99ByRound), 3),
    cpuPerTurn: round(median(byRound((f) => f.cpuMsPerTurn)), 3),
    throughputByRound,
    p99ByRound,
  };
}

/**
 * A level's figures: those of the round with the median throughput (so they belong together), with
 * the errors of every round added up and the highest peak RSS.
 */
function medianRound(rounds: readonly LevelFigures[]): LevelFigures & { readonly rounds: number } {
  const ordered = [...rounds].sort((a, b) => a.turnsPerSecond - b.turnsPerSecond);
  const middle = ordered[Math.floor((ordered.length - 1) / 2)]!;
  const firstError = rounds.find((f) => f.firstError !== undefined)?.firstError;
  return {
    ...middle,
    errors: rounds.reduce((sum, f) => sum + f.errors, 0),
    ...(firstError !== undefined ? { firstError } : {}),
    peakRssMb: Math.max(...rounds.map((f) => f.peakRssMb)),
    rounds: rounds.length,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
