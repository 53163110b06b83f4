/** Strings of the account area (zh-CN, the source). */
export default {} as const;
