import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { Attribute, Change, Client, InvalidCredentialsError } from 'ldapts';

/**
 * A real Samba AD domain controller for the tests (Debian package `samba`), on 127.0.0.1:636 (LDAPS)
 * and :389 (StartTLS). Samba's LDAP ports are fixed, so one DC serves the whole test process: the domain
 * is provisioned once (about 9 s) and the `samba` process is started by `startSambaDc()` and stopped by
 * `stop()` (in the test file's `after`); accounts and their state survive between files, so a test that
 * locks or resets an account creates its own with `createEmployee`.
 */
export interface SambaDc {
  readonly url: string;
  readonly startTlsUrl: string;
  readonly caFile: string;
  readonly baseDn: string;
  readonly employeesDn: string;
  readonly admin: Credentials;
  /** The bot's account: "Reset Password" and Write `lockoutTime` delegated on the employees' OU. */
  readonly service: Credentials;
  readonly seeded: SeededEmployees;
  /** The bot's AD_* settings for this DC (history enforcement off: Samba 4.17 lacks the control). */
  adSettings(): Record<string, string>;
  createEmployee(spec: EmployeeSpec): Promise<SambaUser>;
  /** A global security group under the employees' OU with these member DNs (users or groups). */
  createGroup(name: string, members: readonly string[]): Promise<string>;
  /** Deletes an object (a leaf), as an administrator would. */
  remove(dn: string): Promise<void>;
  /** A simple bind as `dn`, as a PC signing in would: how a test proves which password works. */
  tryBind(dn: string, password: string): Promise<BindOutcome>;
  /** Fails `threshold` binds with a wrong password, then checks the account is locked. */
  lockOut(user: SambaUser): Promise<void>;
  /** The domain's maximum password age (`maxPwdAge`), which moves msDS-UserPasswordExpiryTimeComputed. */
  setMaxPasswordAge(days: number): Promise<void>;
  read(dn: string, attributes: string[]): Promise<Record<string, string | string[]>>;
  stop(): Promise<void>;
}

export interface Credentials {
  readonly dn: string;
  readonly password: string;
}

export interface SambaUser extends Credentials {
  readonly username: string;
  readonly upn: string;
  readonly guid?: string;
}

export interface EmployeeSpec {
  readonly username: string;
  readonly mobile?: string;
  readonly disabled?: boolean;
  /** adminCount=1 and member of Domain Admins, as AD's SDProp leaves a privileged account. */
  readonly protected?: boolean;
  readonly upn?: string;
  readonly displayName?: string;
  /** The password expires by the domain's maxPwdAge (the default: it never expires). */
  readonly passwordExpires?: boolean;
  /** The DN of the employee's manager (the `manager` attribute). */
  readonly manager?: string;
}

/** Invalid credentials in AD report the reason in the diagnostic message: `data 775` is "account locked". */
export type BindOutcome = 'ok' | 'wrong-password' | 'locked' | 'other-refusal';

export interface SeededEmployees {
  /** Mobile `070-123 45 67`. */
  readonly anna: SambaUser;
  /** Mobile `+46 (0)70 222 33 44`. */
  readonly bertil: SambaUser;
  /** Mobile `0046 70 555 66 77`. */
  readonly cecilia: SambaUser;
  /** No mobile. */
  readonly david: SambaUser;
  readonly disabled: SambaUser;
  readonly protectedAdmin: SambaUser;
  /** Anna's manager is Bertil; the others have none. */
  readonly approvers: SeededApprovers;
}

/** The approver group: Cecilia directly; Bertil and (disabled) Erik through a nested group. */
export interface SeededApprovers {
  /** The sAMAccountName, with a parenthesis as some municipalities name their groups. */
  readonly name: string;
  readonly dn: string;
  readonly nestedDn: string;
}

export const LOCKOUT_THRESHOLD = 3;
const REALM = 'RESET.TEST';
const DOMAIN = 'RESETTEST';
const BASE_DN = 'DC=reset,DC=test';
const EMPLOYEES_DN = `OU=Employees,${BASE_DN}`;
const ADMIN_PASSWORD = 'Adm1n-Samba-Test!';
const SERVICE_PASSWORD = 'Svc-Reset-Bot-2024!';
export const EMPLOYEE_PASSWORD = 'Start-Losen-42';
const LDAPS_PORT = 636;
const LDAP_PORT = 389;
const HOST = '127.0.0.1';
/** Extended right "Reset Password" and the lockoutTime attribute, inherited by user objects. */
const RESET_PASSWORD_RIGHT = '00299570-246d-11d0-a768-00aa006e0529';
const LOCKOUT_TIME_ATTRIBUTE = '28630ebf-41d5-11d1-a9c1-0000f80367c1';
const USER_CLASS = 'bf967aba-0de6-11d0-a285-00aa003049e2';

const run = promisify(execFile);
const sbinPath = `/usr/sbin:/sbin:${process.env['PATH'] ?? ''}`;

interface Provisioned {
  readonly dir: string;
  seeded?: SeededEmployees;
}

let provisioned: Promise<Provisioned> | undefined;
let running: SambaDc | undefined;

/** Starts the shared DC (provisioning and seeding it on first use); stop it in `after`. */
export async function startSambaDc(): Promise<SambaDc> {
  if (running) throw new Error('the Samba DC is already running: stop it in the previous file’s after()');
  provisioned ??= provision();
  const domain = await provisioned;
  await acquirePortLock();
  try {
    await assertPortsFree();
  } catch (error) {
    releasePortLock();
    throw error;
  }
  const child = spawn(
    'samba',
    ['-s', path.join(domain.dir, 'etc/smb.conf'), '-i', '-M', 'single', '--debuglevel=1'],
    {
      env: { ...process.env, PATH: sbinPath },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  try {
    await waitForLdaps(child, domain.dir, output);
    domain.seeded ??= await seed(domain.dir);
  } catch (error) {
    await stopProcess(child);
    releasePortLock();
    throw error;
  }
  running = dcHandle(domain.dir, domain.seeded, child);
  return running;
}

function dcHandle(dir: string, seeded: SeededEmployees, child: ChildProcess): SambaDc {
  const caFile = path.join(dir, 'private/tls/ca.pem');
  const admin = { dn: `CN=Administrator,CN=Users,${BASE_DN}`, password: ADMIN_PASSWORD };
  return {
    url: `ldaps://${HOST}:${LDAPS_PORT}`,
    startTlsUrl: `ldap://${HOST}:${LDAP_PORT}`,
    caFile,
    baseDn: BASE_DN,
    employeesDn: EMPLOYEES_DN,
    admin,
    service: { dn: `CN=svc-reset,CN=Users,${BASE_DN}`, password: SERVICE_PASSWORD },
    seeded,
    adSettings: () => ({
      AD_URLS: `ldaps://${HOST}:${LDAPS_PORT}`,
      AD_BASE_DN: BASE_DN,
      AD_BIND_DN: `CN=svc-reset,CN=Users,${BASE_DN}`,
      AD_BIND_PASSWORD: SERVICE_PASSWORD,
      AD_CA_FILE: caFile,
      AD_ENFORCE_HISTORY: 'false',
    }),
    createEmployee: (spec) => asAdmin(dir, (client) => addEmployee(client, spec)),
    createGroup: (name, members) => asAdmin(dir, (client) => addGroup(client, name, members)),
    remove: (dn) => asAdmin(dir, (client) => client.del(dn)),
    setMaxPasswordAge: (days) =>
      asAdmin(dir, (client) =>
        client.modify(BASE_DN, replace('maxPwdAge', String(-BigInt(days) * 864_000_000_000n))),
      ),
    tryBind: (dn, password) => tryBind(dir, dn, password),
    async lockOut(user) {
      for (let i = 0; i < LOCKOUT_THRESHOLD; i += 1) {
        const outcome = await tryBind(dir, user.dn, 'Definitely-Wrong-1');
        if (outcome !== 'wrong-password' && outcome !== 'locked')
          throw new Error(`unexpected bind outcome ${outcome}`);
      }
      const outcome = await tryBind(dir, user.dn, user.password);
      if (outcome !== 'locked')
        throw new Error(`${user.username} should be locked out, bind gave ${outcome}`);
    },
    read: (dn, attributes) =>
      asAdmin(dir, async (client) => {
        const { searchEntries } = await client.search(dn, { scope: 'base', attributes });
        const [entry] = searchEntries;
        if (!entry) throw new Error(`${dn} not found`);
        return entry as Record<string, string | string[]>;
      }),
    async stop() {
      await stopProcess(child);
      releasePortLock();
      running = undefined;
    },
  };
}

async function provision(): Promise<Provisioned> {
  const dir = mkdtempSync(path.join(tmpdir(), 'samba-dc-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  try {
    await run(
      'samba-tool',
      [
        'domain',
        'provision',
        `--realm=${REALM}`,
        `--domain=${DOMAIN}`,
        '--server-role=dc',
        '--dns-backend=NONE',
        `--adminpass=${ADMIN_PASSWORD}`,
        `--targetdir=${dir}`,
        '--option=interfaces=lo',
        '--option=bind interfaces only=yes',
        // LDAP is all the tests need; winbindd and smbd are not part of the samba package's AD DC here.
        '--option=server services=ldap',
        `--option=pid directory=${path.join(dir, 'run')}`,
        `--option=log file=${path.join(dir, 'log.%m')}`,
      ],
      { env: { ...process.env, PATH: sbinPath } },
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new Error('samba-tool not found: install the Debian package "samba" (see .ci/run)');
    throw error;
  }
  // Samba accepts the previous password for an hour after a change (as Windows does for NTLM), and
  // provisioning does not write this option itself: the tests prove that the old password stops working.
  const smbConf = path.join(dir, 'etc/smb.conf');
  writeFileSync(
    smbConf,
    readFileSync(smbConf, 'utf8').replace('[global]', '[global]\n\told password allowed period = 0'),
  );
  await writeCertificates(path.join(dir, 'private/tls'));
  return { dir };
}

/**
 * Samba's self-made certificate names the host (`VM.reset.test`), which 127.0.0.1 cannot match: a CA of
 * our own issues one for 127.0.0.1 and localhost, so the tests verify the DC like production does.
 */
async function writeCertificates(tlsDir: string): Promise<void> {
  const opts = { cwd: tlsDir };
  await run('mkdir', ['-p', tlsDir]);
  await run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
      '-days',
      '7',
      '-subj',
      '/CN=Reset Assistant test CA',
    ],
    opts,
  );
  await run(
    'openssl',
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'dc.csr',
      '-subj',
      '/CN=dc.reset.test',
    ],
    opts,
  );
  writeFileSync(
    path.join(tlsDir, 'dc.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  await run(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      'dc.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      'cert.pem',
      '-days',
      '7',
      '-extfile',
      'dc.ext',
    ],
    opts,
  );
  // Samba refuses a private key others can read.
  chmodSync(path.join(tlsDir, 'key.pem'), 0o600);
}

/**
 * Samba's LDAP ports cannot be changed, so test runs in other processes on this machine (several
 * engineers, or `npm test` next to a single file's run) take turns through a lock file.
 */
const PORT_LOCK = path.join(tmpdir(), 'reset-assistant-samba-dc.lock');
const PORT_LOCK_WAIT_MS = 240_000;

async function acquirePortLock(): Promise<void> {
  const deadline = Date.now() + PORT_LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(PORT_LOCK, String(process.pid), { flag: 'wx' });
      process.once('exit', releasePortLock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(PORT_LOCK, 'utf8').trim());
    if (!isAlive(holder)) {
      rmSync(PORT_LOCK, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `the Samba test DC ports are still held by process ${holder} after ${PORT_LOCK_WAIT_MS} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function releasePortLock(): void {
  try {
    if (readFileSync(PORT_LOCK, 'utf8').trim() === String(process.pid)) rmSync(PORT_LOCK, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function assertPortsFree(): Promise<void> {
  for (const port of [LDAPS_PORT, LDAP_PORT]) {
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new Error(
            `${HOST}:${port} is taken (${error.code}): another LDAP server or Samba test DC runs here`,
          ),
        ),
      );
      probe.listen(port, HOST, () => probe.close(() => resolve()));
    });
  }
}

async function waitForLdaps(child: ChildProcess, dir: string, output: string[]): Promise<void> {
  const ca = readFileSync(path.join(dir, 'private/tls/ca.pem'));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`samba exited with ${child.exitCode}:\n${output.join('')}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tlsConnect({ host: HOST, port: LDAPS_PORT, ca }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`samba did not answer LDAPS within 30 s:\n${output.join('')}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // The listening sockets go with the process, but wait until the port is really free for the next start.
  await waitUntilClosed(LDAPS_PORT);
}

async function waitUntilClosed(port: number): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, HOST, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function asAdmin<T>(dir: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    url: `ldaps://${HOST}:${LDAPS_PORT}`,
    tlsOptions: { ca: readFileSync(path.join(dir, 'private/tls/ca.pem')) },
    timeout: 10_000,
    connectTimeout: 10_000,
  });
  try {
    await client.bind(`CN=Administrator,CN=Users,${BASE_DN}`, ADMIN_PASSWORD);
    return await work(client);
  } finally {
    await client.unbind();
  }
}

async function tryBind(dir: string, dn: string, password: string): Promise<BindOutcome> {
  const client = new Client({
    url: `ldaps://${HOST}:${LDAPS_PORT}`,
    tlsOptions: { ca: readFileSync(path.join(dir, 'private/tls/ca.pem')) },
    timeout: 10_000,
  });
  try {
    await client.bind(dn, password);
    return 'ok';
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    if (/data 775/.test(error.message)) return 'locked';
    if (/data 52e/.test(error.message)) return 'wrong-password';
    return 'other-refusal';
  } finally {
    await client.unbind();
  }
}

async function seed(dir: string): Promise<SeededEmployees> {
  const serviceSid = await asAdmin(dir, async (client) => {
    await client.modify(BASE_DN, [
      replace('lockoutThreshold', String(LOCKOUT_THRESHOLD)),
      replace('pwdHistoryLength', '24'),
      replace('minPwdLength', '8'),
      // Lets a test reset the same account twice in a row.
      replace('minPwdAge', '0'),
    ]);
    await client.add(EMPLOYEES_DN, { objectClass: ['top', 'organizationalUnit'], ou: 'Employees' });
    await client.add(
      `CN=svc-reset,CN=Users,${BASE_DN}`,
      attributes({
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: 'svc-reset',
        userPrincipalName: `svc-reset@${REALM.toLowerCase()}`,
        unicodePwd: quotedUtf16(SERVICE_PASSWORD),
        userAccountControl: '66048',
      }),
    );
    const { searchEntries } = await client.search(`CN=svc-reset,CN=Users,${BASE_DN}`, {
      scope: 'base',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
    });
    return sidToString(searchEntries[0]?.['objectSid'] as Buffer);
  });
  // Delegated before any employee exists, so every account created below inherits the two ACEs.
  await run(
    'samba-tool',
    [
      'dsacl',
      'set',
      '-H',
      path.join(dir, 'private/sam.ldb'),
      `--objectdn=${EMPLOYEES_DN}`,
      `--sddl=(OA;CIIO;CR;${RESET_PASSWORD_RIGHT};${USER_CLASS};${serviceSid})(OA;CIIO;RPWP;${LOCKOUT_TIME_ATTRIBUTE};${USER_CLASS};${serviceSid})`,
    ],
    { env: { ...process.env, PATH: sbinPath } },
  );
  return asAdmin(dir, async (client) => {
    const bertil = await addEmployee(client, {
      username: 'bertil.berg',
      displayName: 'Bertil Berg',
      mobile: '+46 (0)70 222 33 44',
    });
    const cecilia = await addEmployee(client, {
      username: 'cecilia.ceder',
      displayName: 'Cecilia Ceder',
      mobile: '0046 70 555 66 77',
    });
    const disabled = await addEmployee(client, {
      username: 'erik.slutat',
      mobile: '0701112233',
      disabled: true,
    });
    const nestedDn = await addGroup(client, 'IT-ombud skolor', [bertil.dn, disabled.dn]);
    const approvers = { name: 'IT-ombud (alla)', nestedDn, dn: '' };
    return {
      anna: await addEmployee(client, {
        username: 'anna.svensson',
        displayName: 'Anna Svensson',
        mobile: '070-123 45 67',
        manager: bertil.dn,
      }),
      bertil,
      cecilia,
      david: await addEmployee(client, { username: 'david.dahl', displayName: 'David Dahl' }),
      disabled,
      protectedAdmin: await addEmployee(client, {
        username: 'admin.fredrik',
        mobile: '0702223344',
        protected: true,
      }),
      approvers: { ...approvers, dn: await addGroup(client, approvers.name, [cecilia.dn, nestedDn]) },
    };
  });
}

async function addGroup(client: Client, name: string, members: readonly string[]): Promise<string> {
  const dn = `CN=${name},${EMPLOYEES_DN}`;
  await client.add(
    dn,
    attributes({
      objectClass: ['top', 'group'],
      sAMAccountName: name,
      // Global security group.
      groupType: '-2147483646',
      ...(members.length > 0 ? { member: [...members] } : {}),
    }),
  );
  return dn;
}

async function addEmployee(client: Client, spec: EmployeeSpec): Promise<SambaUser> {
  const dn = `CN=${spec.username},${EMPLOYEES_DN}`;
  const upn = spec.upn ?? `${spec.username}@${REALM.toLowerCase()}`;
  await client.add(
    dn,
    attributes({
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: spec.username,
      userPrincipalName: upn,
      displayName: spec.displayName ?? spec.username,
      unicodePwd: quotedUtf16(EMPLOYEE_PASSWORD),
      // 512 normal account, +2 disabled; 65536 password never expires.
      userAccountControl: String((spec.disabled ? 514 : 512) + (spec.passwordExpires ? 0 : 65536)),
      ...(spec.mobile ? { mobile: spec.mobile } : {}),
      ...(spec.manager ? { manager: spec.manager } : {}),
    }),
  );
  if (spec.protected) {
    await client.modify(
      `CN=Domain Admins,CN=Users,${BASE_DN}`,
      new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn] }) }),
    );
    await client.modify(dn, replace('adminCount', '1'));
  }
  return { dn, username: spec.username, upn, password: EMPLOYEE_PASSWORD };
}

function replace(type: string, value: string): Change {
  return new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });
}

function attributes(values: Record<string, string | string[] | Buffer>): Attribute[] {
  return Object.entries(values).map(
    ([type, value]) =>
      new Attribute({
        type,
        values: Buffer.isBuffer(value) ? [value] : Array.isArray(value) ? value : [value],
      }),
  );
}

function quotedUtf16(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

function sidToString(sid: Buffer): string {
  const revision = sid.readUInt8(0);
  const count = sid.readUInt8(1);
  const authority = sid.readUIntBE(2, 6);
  const subs = Array.from({ length: count }, (_, i) => sid.readUInt32LE(8 + i * 4));
  return `S-${revision}-${authority}-${subs.join('-')}`;
}
