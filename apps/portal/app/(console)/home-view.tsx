'use client';
import { Alert, Card, Col, Empty, List, Progress, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useApiErrorText } from '../../src/console/api-error-text';
import { formatBeijingTime, formatPercent, formatYuan } from '../../src/console/format';
import { useTRPC } from '../../src/trpc/client';

/** The home page: balance, today's messages and success rate, recent sends, operators' alarms. */
export function HomeView() {
  const t = useTranslations('home');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const summary = useQuery(trpc.home.summary.queryOptions());
  if (summary.error) return <Alert type="error" showIcon title={errorText(summary.error)} />;
  if (summary.data === undefined) return <Skeleton active />;
  const { balance, reserved, today, recentCampaigns, alarms } = summary.data;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('balance')} value={formatYuan(balance)} />
            <Typography.Text type="secondary">{t('reserved', { amount: formatYuan(reserved) })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('todayMessages')} value={today.messages} />
            <Typography.Text type="secondary">{t('todayFinal', { count: today.final })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
              <Progress
                type="circle"
                size={80}
                percent={today.successRate === null ? 0 : Math.round(today.successRate * 1000) / 10}
                format={() => formatPercent(today.successRate)}
              />
              <div>
                <Typography.Text strong>{t('successRate')}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('successRateHint')}</Typography.Text>
              </div>
            </div>
          </Card>
        </Col>
      </Row>
      <Card title={t('recentCampaigns')}>
        {recentCampaigns.length === 0 ? (
          <Empty description={t('noCampaigns')} />
        ) : (
          <List
            dataSource={recentCampaigns}
            renderItem={(c) => (
              <List.Item extra={formatBeijingTime(c.createdAt)}>
                <List.Item.Meta
                  title={
                    <span>
                      {c.name} <Tag>{t(`campaignStatus.${c.status}`)}</Tag>
                    </span>
                  }
                  description={t('campaignSummary', {
                    recipients: c.recipients,
                    delivered: c.delivered,
                    failed: c.failed,
                  })}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {alarms === null ? null : (
        <Card title={t('alarms')}>
          {alarms.length === 0 ? (
            <Empty description={t('noAlarms')} />
          ) : (
            <List
              dataSource={alarms}
              renderItem={(a) => (
                <List.Item extra={formatBeijingTime(a.raisedAt)}>
                  <List.Item.Meta
                    title={
                      <span>
                        <Tag color="red">{t(`alarmKind.${a.kind}`)}</Tag> {a.channelName ?? a.carrier ?? ''}
                      </span>
                    }
                    description={a.reason}
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </div>
  );
}
