'use client';
import { useQueryClient } from '@tanstack/react-query';
import { App, Card, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useApiErrorText } from '../../../../src/console/api-error-text';
import { useTRPC } from '../../../../src/trpc/client';

/** The recharge page's cards: an icon and title, a one-paragraph hint, then the form. */
export function MoneyCard(props: {
  readonly icon: ReactNode;
  readonly title: string;
  readonly hint: string;
  readonly testId?: string;
  readonly children: ReactNode;
}) {
  return (
    <Card
      title={
        <Space>
          {props.icon}
          {props.title}
        </Space>
      }
      style={{ height: '100%' }}
      data-testid={props.testId}
    >
      <Typography.Paragraph type="secondary">{props.hint}</Typography.Paragraph>
      {props.children}
    </Card>
  );
}

/**
 * Books money and says so: `book` returns the success message; then the form is reset and the
 * balances shown (org tree, overview) are fetched again. A refusal is shown by its API error code.
 */
export function useBooking(): (book: () => Promise<string>, reset: () => void) => Promise<void> {
  const errorText = useApiErrorText();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (book, reset) => {
    try {
      void message.success(await book());
      reset();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.orgs.tree.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.billing.getBillingOverview.queryKey() }),
      ]);
    } catch (error) {
      void message.error(errorText(error));
    }
  };
}
