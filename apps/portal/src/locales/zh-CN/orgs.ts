/** Strings of the orgs area (zh-CN, the source). */
export default {} as const;
