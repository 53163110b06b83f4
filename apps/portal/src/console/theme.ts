import type { ThemeConfig } from 'antd';

/** The console's one theme: a calm government-service blue, compact enough for long tables. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1456c8',
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  },
  components: {
    Layout: { siderBg: '#0f1f3d', headerBg: '#ffffff', headerPadding: '0 24px' },
    Menu: { darkItemBg: '#0f1f3d', darkSubMenuItemBg: '#0b1830' },
  },
};
