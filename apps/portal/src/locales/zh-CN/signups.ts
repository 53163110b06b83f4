/** Strings of the signups area (zh-CN, the source). */
export default {} as const;
