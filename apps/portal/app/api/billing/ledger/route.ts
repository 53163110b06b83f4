import { exportLedgerXlsx, LEDGER_KINDS } from '@smshub/api';
import { idParam, invalid, timeParam, xlsxDownload } from '../xlsx-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/billing/ledger?orgId&kind…&businessTypeId&from&to — the ledger page's filter as XLSX. */
export function GET(request: Request): Promise<Response> {
  return xlsxDownload((deps, principal) => {
    const params = new URL(request.url).searchParams;
    const kinds = params.getAll('kind');
    for (const kind of kinds) {
      if (!(LEDGER_KINDS as readonly string[]).includes(kind)) throw invalid('kind', LEDGER_KINDS.join(', '));
    }
    const orgId = idParam(params, 'orgId');
    const businessTypeId = idParam(params, 'businessTypeId');
    const from = timeParam(params, 'from');
    const to = timeParam(params, 'to');
    return exportLedgerXlsx(deps, principal, {
      ...(orgId === undefined ? {} : { orgId }),
      ...(kinds.length === 0 ? {} : { kinds: kinds as (typeof LEDGER_KINDS)[number][] }),
      ...(businessTypeId === undefined ? {} : { businessTypeId }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  });
}
