'use client';
import { Button, Result } from 'antd';
import Link from 'next/link';

/** A 403 or 404 that says why and offers the way back. */
export function RefusalPage(props: {
  readonly status: '403' | '404';
  readonly title: string;
  readonly text: string;
  readonly back: string;
}) {
  return (
    <Result
      status={props.status}
      title={props.title}
      subTitle={props.text}
      extra={
        <Link href="/">
          <Button type="primary">{props.back}</Button>
        </Link>
      }
    />
  );
}
