import { exportStatementXlsx } from '@smshub/api';
import { idParam, invalid, xlsxDownload } from '../xlsx-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/billing/statement?month=YYYY-MM&orgId — one month's statement as XLSX. */
export function GET(request: Request): Promise<Response> {
  return xlsxDownload((deps, principal) => {
    const params = new URL(request.url).searchParams;
    const month = params.get('month');
    if (month === null) throw invalid('month', 'YYYY-MM (Beijing time)');
    const orgId = idParam(params, 'orgId');
    return exportStatementXlsx(deps, principal, { month, ...(orgId === undefined ? {} : { orgId }) });
  });
}
