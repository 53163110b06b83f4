/** Strings of the apiKeys area (zh-CN, the source). */
export default {} as const;
