/** Strings of the developer area (zh-CN, the source). */
export default {
  title: '开发者文档',
  intro: '以下是 REST API 的接口说明（OpenAPI {version}），示例中的密钥请替换为您保存的完整密钥。',
  download: '下载 OpenAPI 文档',
  noKeys: '您还没有 API 密钥，示例中使用占位符。',
  parameters: '参数',
  requestBody: '请求体',
  responses: '响应',
  example: 'curl 示例',
  inPath: '路径',
  inQuery: '查询',
  required: '必填',
  noAuth: '无需密钥',
  scope: '所需权限：{scope}',
} as const;
