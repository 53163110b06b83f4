'use client';
import { Alert, Card, Collapse, Descriptions, Skeleton, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useApiErrorText } from '../../../src/console/api-error-text';
import { useTRPC } from '../../../src/trpc/client';
import { curlExample, exampleOf, propertiesOf, type JsonSchema } from './schema';

const METHOD_COLORS: Record<string, string> = {
  get: 'blue',
  post: 'green',
  delete: 'red',
  put: 'orange',
  patch: 'purple',
};

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly parameters?: readonly JsonSchema[];
  readonly requestBody?: JsonSchema;
  readonly responses: Record<string, JsonSchema>;
}

/** The REST API's OpenAPI document, by tag, with curl examples using my key's prefix and this origin. */
export function DeveloperView() {
  const t = useTranslations('developer');
  const errorText = useApiErrorText();
  const trpc = useTRPC();
  const doc = useQuery(trpc.developer.openApi.queryOptions());
  const prefixes = useQuery(trpc.developer.keyPrefixes.queryOptions());
  const [origin, setOrigin] = useState('https://smshub.example');
  useEffect(() => setOrigin(window.location.origin), []);

  if (doc.error) return <Alert type="error" showIcon title={errorText(doc.error)} />;
  if (doc.data === undefined) return <Skeleton active />;
  const components = doc.data.components.schemas as Record<string, JsonSchema>;
  const prefix = prefixes.data?.[0];
  const key = `sk_${prefix ?? 'xxxxxxxx'}_…`;
  const operations: Operation[] = Object.entries(doc.data.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ ...(op as Omit<Operation, 'method' | 'path'>), method, path })),
  );
  const tags = (doc.data.tags as { name: string; description?: string }[]).filter((tag) =>
    operations.some((op) => op.tags.includes(tag.name)),
  );

  return (
    <Card title={t('title')}>
      <Typography.Paragraph>
        {t('intro', { version: doc.data.openapi })}{' '}
        <Typography.Link href="/api/v1/openapi.json" target="_blank">
          {t('download')}
        </Typography.Link>
      </Typography.Paragraph>
      {prefix === undefined ? <Alert type="info" showIcon title={t('noKeys')} style={{ marginBottom: 16 }} /> : null}
      {tags.map((tag) => (
        <div key={tag.name} style={{ marginBottom: 24 }}>
          <Typography.Title level={4}>{tag.name}</Typography.Title>
          {tag.description ? <Typography.Paragraph type="secondary">{tag.description}</Typography.Paragraph> : null}
          <Collapse
            items={operations
              .filter((op) => op.tags.includes(tag.name))
              .map((op) => ({
                key: `${op.method} ${op.path}`,
                label: (
                  <span>
                    <Tag color={METHOD_COLORS[op.method] ?? 'default'}>{op.method.toUpperCase()}</Tag>
                    <Typography.Text code>{op.path}</Typography.Text> {op.summary}
                  </span>
                ),
                children: <OperationView op={op} components={components} origin={origin} apiKey={key} />,
              }))}
          />
        </div>
      ))}
    </Card>
  );
}

function OperationView({
  op,
  components,
  origin,
  apiKey,
}: {
  op: Operation;
  components: Record<string, JsonSchema>;
  origin: string;
  apiKey: string;
}) {
  const t = useTranslations('developer');
  const needsKey = op.security === undefined || op.security.length > 0;
  const scopes = (op.security ?? []).flatMap((s) => Object.values(s).flat());
  const bodySchema = (op.requestBody?.['content'] as Record<string, { schema?: JsonSchema }> | undefined)?.[
    'application/json'
  ]?.schema;
  const body = bodySchema === undefined ? undefined : exampleOf(bodySchema, components);
  const path = op.path.replace(/\{(\w+)\}/g, '123');
  const parameters = (op.parameters ?? []).map((p) => ({
    name: String(p['name']),
    in: p['in'] === 'path' ? t('inPath') : t('inQuery'),
    required: p['required'] === true,
    description: typeof p['description'] === 'string' ? p['description'] : '',
  }));
  return (
    <div>
      {op.description ? <Typography.Paragraph>{op.description}</Typography.Paragraph> : null}
      <Typography.Paragraph type="secondary">
        {needsKey ? (scopes.length > 0 ? t('scope', { scope: scopes.join(', ') }) : null) : t('noAuth')}
      </Typography.Paragraph>
      {parameters.length > 0 ? (
        <>
          <Typography.Title level={5}>{t('parameters')}</Typography.Title>
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={parameters}
            columns={[
              { title: 'name', dataIndex: 'name', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: 'in', dataIndex: 'in' },
              { title: t('required'), dataIndex: 'required', render: (v: boolean) => (v ? '✓' : '') },
              { title: '', dataIndex: 'description' },
            ]}
          />
        </>
      ) : null}
      {bodySchema !== undefined ? (
        <>
          <Typography.Title level={5}>{t('requestBody')}</Typography.Title>
          <SchemaTable schema={bodySchema} components={components} />
        </>
      ) : null}
      <Typography.Title level={5}>{t('responses')}</Typography.Title>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={Object.entries(op.responses).map(([status, response]) => {
          const schema = (response['content'] as Record<string, { schema?: JsonSchema }> | undefined)?.[
            'application/json'
          ]?.schema;
          return {
            key: status,
            label: <Tag color={status.startsWith('2') ? 'green' : 'red'}>{status}</Tag>,
            children: (
              <div>
                <div>{String(response['description'] ?? '')}</div>
                {schema !== undefined && status.startsWith('2') ? (
                  <SchemaTable schema={schema} components={components} />
                ) : null}
              </div>
            ),
          };
        })}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('example')}
      </Typography.Title>
      <Typography.Paragraph
        copyable={{ text: curlExample({ origin, method: op.method, path, key: needsKey ? apiKey : null, body }) }}
      >
        <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {curlExample({ origin, method: op.method, path, key: needsKey ? apiKey : null, body })}
        </pre>
      </Typography.Paragraph>
    </div>
  );
}

function SchemaTable({ schema, components }: { schema: JsonSchema; components: Record<string, JsonSchema> }) {
  const t = useTranslations('developer');
  const properties = propertiesOf(schema, components);
  if (properties.length === 0) return null;
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={properties}
      columns={[
        { title: 'field', dataIndex: 'name', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: 'type', dataIndex: 'type' },
        { title: t('required'), dataIndex: 'required', render: (v: boolean) => (v ? '✓' : '') },
        { title: '', dataIndex: 'description' },
      ]}
    />
  );
}
