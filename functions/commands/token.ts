/**
 * `nianbao token add --role ROLE [--agency ID[,ID…]] [--region CODE] [--name LABEL] | revoke ID | ls [--json]`:
 * per-agency credentials (access/tokens.ts) in the archive named by NIANBAO_ARCHIVE. `add` prints
 * the token once, on stdout, and its id on stderr; only its hash is stored. `revoke` holds from the
 * server's next request. `ls` prints one grant a line, tab-separated: id, role, agencies or region,
 * name, created, `active` or `revoked {time}`; never a token.
 */
import { openArchive } from '../archive/from-config';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId } from '../archive/keys';
import { grantKey, issueToken, listGrants, revocationKey, revokeToken, type Grant, type GrantRequest } from '../access/tokens';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { findAgency, isRegionCode } from '../register/model';
import { readRegister } from '../register/store';
import { recordCliWrite } from './audit';
import { defineCommand, JSON_OPTION, subcommandOf, UsageError, type Values } from './index';

const OPTIONS = {
  role: { type: 'string', value: 'ROLE', help: 'add: author, region-admin or batch-operator' },
  agency: { type: 'string', value: 'ID[,ID…]', help: "add: an author's agencies" },
  region: { type: 'string', value: 'CODE', help: "add: a region admin's 行政区划代码 (320000 covers 32xxxx)" },
  name: { type: 'string', value: 'LABEL', help: 'add: who holds it, for people reading `token ls` and the audit log' },
  ...JSON_OPTION,
} as const;

const SUBCOMMANDS = ['add', 'revoke', 'ls'] as const;

function grantRequestOf(values: Values<typeof OPTIONS>): GrantRequest {
  const { role, agency, region, name } = values;
  const extra = (option: string) => new UsageError(`--${option} does not go with --role ${role}`);
  if (role === 'author') {
    if (!agency) throw new UsageError('--role author needs --agency ID[,ID…]');
    if (region) throw extra('region');
    try {
      return { role, agencies: [...new Set(agency.split(',').map((id) => parseAgencyId(id.trim())))], ...(name ? { name } : {}) };
    } catch (error) {
      if (error instanceof InvalidArchiveKey) throw new UsageError(error.message);
      throw error;
    }
  }
  if (role === 'region-admin') {
    if (!region || !isRegionCode(region)) throw new UsageError(`--role region-admin needs --region CODE, six digits of a 行政区划代码${region ? `, got "${region}"` : ''}`);
    if (agency) throw extra('agency');
    return { role, region, ...(name ? { name } : {}) };
  }
  if (role === 'batch-operator') {
    if (agency || region) throw extra(agency ? 'agency' : 'region');
    return { role, ...(name ? { name } : {}) };
  }
  throw new UsageError(role ? `unknown role "${role}": author, region-admin or batch-operator` : '--role is required: author, region-admin or batch-operator');
}

function line(grant: Grant & { revokedAt?: string }): string {
  const scope = grant.agencies?.join(',') ?? grant.region ?? '-';
  return [grant.id, grant.role, scope, grant.name ?? '-', grant.createdAt, grant.revokedAt ? `revoked ${grant.revokedAt}` : 'active'].join('\t');
}

export const tokenCommand = defineCommand({
  usage: 'add --role ROLE [--agency ID[,ID…] | --region CODE] [--name LABEL] | revoke ID | ls [--json]',
  details: [
    'add     issues a token and prints it once (stdout); only its SHA-256 is stored. Roles:',
    '          author          --agency ID[,ID…]: drafts and publishing for those agencies',
    '          region-admin    --region CODE: the same for every agency of the region (by the register)',
    '          batch-operator  the year-end batch runs',
    '        The server token NIANBAO_TOKEN, where set, acts as an operator (everything).',
    'revoke  revokes the token ID (from add or ls); holds from the next request',
    'ls      id, role, agencies or region, name, created, active|revoked (tab-separated); never a token',
    'The archive is NIANBAO_ARCHIVE (default ./archive).',
  ],
  options: OPTIONS,
  async run({ values, positionals }, io) {
    const { sub, argument: id } = subcommandOf(positionals, SUBCOMMANDS, { of: 'revoke', what: 'the token id' });
    const request = sub === 'add' ? grantRequestOf(values) : undefined;
    try {
      const archive = await openArchive(loadConfig(process.env).archive);
      if (request) {
        const register = request.agencies ? await readRegister(archive) : null;
        for (const agencyId of request.agencies ?? []) {
          if (register && !findAgency(register, agencyId)) io.err(`nianbao token: warning: ${agencyId} is not in the agency register`);
        }
        const { token, grant } = await issueToken(archive, systemClock, request);
        await recordCliWrite(archive, 'token.add', { target: grantKey(grant.id) });
        io.out(token);
        io.err(`token ${grant.id} (${grant.role}) issued: keep it now, it is shown only once; \`nianbao token revoke ${grant.id}\` ends it`);
        return 0;
      }
      if (sub === 'revoke') {
        const outcome = await revokeToken(archive, systemClock, id!);
        if (outcome === 'unknown') {
          io.err(`nianbao token: no token ${id} (\`nianbao token ls\` lists them)`);
          return 1;
        }
        await recordCliWrite(archive, 'token.revoke', { target: revocationKey(id!), unchanged: outcome === 'already' });
        io.out(outcome === 'revoked' ? `token ${id} revoked` : `token ${id} was already revoked`);
        return 0;
      }
      const grants = await listGrants(archive);
      if (values.json) io.out(JSON.stringify(grants.map(({ sha256: _hash, schema: _schema, ...grant }) => grant), null, 2));
      else grants.forEach((grant) => io.out(line(grant)));
      return 0;
    } catch (error) {
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao token: ${error.message}`);
      return 1;
    }
  },
});
