import type { ApiErrorCode } from '@smshub/api';

/**
 * Every refusal code of the operations layer (packages/api/src/v1/api-error.ts), in words a
 * person understands. The console translates by code, never by parsing a message; a code added
 * there without its sentence here fails the type check.
 */
export default {
  invalid_json: '请求格式错误。',
  validation_error: '填写的内容有误，请检查标红的项目。',
  unknown_business_type: '平台未开通该业务类型。',
  invalid_cursor: '分页参数已失效，请从第一页重新查询。',
  unauthorized: '请先登录。',
  invalid_credentials: '账号或密码错误。',
  invalid_api_key: 'API 密钥无效。',
  api_key_revoked: '该 API 密钥已被吊销。',
  api_key_expired: '该 API 密钥已过期。',
  insufficient_balance: '余额不足，请先充值。',
  credit_limit_exceeded: '已超出信用额度。',
  ip_not_allowed: '当前 IP 地址不在允许的范围内。',
  insufficient_scope: '该 API 密钥没有执行此操作的权限范围。',
  permission_denied: '您的角色没有执行此操作的权限。',
  org_suspended: '本单位已停用，只能查看，不能发送或修改。',
  org_closed: '本单位已注销。',
  account_disabled: '该账号已被停用，请联系本单位管理员。',
  account_pending: '注册申请正在等待平台审核，审核结果将以短信通知您。',
  account_refused: '注册申请未通过审核。',
  not_found: '没有找到，或不属于您的单位。',
  method_not_allowed: '不支持该请求方式。',
  client_ref_conflict: '该 client_ref 已用于另一笔不同的请求。',
  already_exists: '已存在相同的记录。',
  payload_too_large: '内容太大。',
  unsupported_media_type: '不支持的内容类型。',
  all_recipients_rejected: '所有号码均被拒绝，未发送也未扣费。',
  rate_limited: '操作太频繁，请稍后再试。',
  internal_error: '系统内部错误，请稍后重试；如持续出现，请把请求编号告知客服。',
  live_state_unavailable: '通道实时状态暂时无法读取，请稍后重试。',
  org_kind_not_allowed: '该类型的单位不能建在所选上级单位之下。',
  business_type_not_allowed: '本单位或本账号未开通该业务类型，未发送也未扣费。',
  role_not_allowed: '不能授予或修改高于您自己角色的角色。',
  own_org_refused: '本单位的信息由上级单位修改，您不能修改自己的单位。',
  own_account_refused: '不能修改自己账号的角色或状态，请联系其他管理员。',
  extension_code_unavailable: '该扩展码已被占用或与其他单位的扩展码重叠，请换一个或留空由系统分配。',
  invalid_status_change: '当前状态下不能执行此操作，请刷新后再试。',
} as const satisfies Record<ApiErrorCode, string>;
