/**
 * A result's trend over time (HbA1c, cholesterol, blood pressure): a hand-drawn SVG chart
 * with a spoken summary, a legend that names each line in words, and a button that shows
 * the same numbers as a table. Used by the portal and the staff console.
 */
import { Button, Group, Paper, Text } from '@mantine/core';
import type { Observation } from '@medplum/fhirtypes';
import { useId, useMemo, useState } from 'react';
import { formatDate } from '../components/dates';
import { useLocale, useT, type Translate } from '../i18n/i18n';
import { recordsMessages, type RecordsMessageKey } from './messages';
import { trendData, type TrendData } from './trend-series';
import { SERIES_STYLES, TrendSvg } from './trend-svg';
import { TrendTable } from './trend-table';

const SERIES_WORDS: Record<string, RecordsMessageKey> = {
  '8480-6': 'systolic',
  '8462-4': 'diastolic',
};

function summaryOf(
  data: TrendData,
  title: string,
  labels: string[],
  t: Translate<RecordsMessageKey>,
  locale: string,
): string {
  const points = data.series.flatMap((s) => s.points).sort((a, b) => a.time - b.time);
  const dates = new Set(points.map((p) => p.observation.id ?? p.date));
  const parts = [
    t('chartSummary', {
      title,
      count: dates.size,
      first: formatDate(points[0]?.date, locale),
      last: formatDate(points[points.length - 1]?.date, locale),
    }),
  ];
  data.series.forEach((series, index) => {
    const values = series.points.map((p) => p.value);
    parts.push(
      t('chartSeriesSummary', {
        label: labels[index] ?? series.label,
        latest: values[values.length - 1] ?? '',
        min: Math.min(...values),
        max: Math.max(...values),
        unit: series.unit,
      }),
    );
  });
  const range = data.range;
  if (range) {
    const text = `${range.low ?? ''}–${range.high ?? ''} ${data.unit}`.trim();
    parts.push(t('chartSummaryRange', { range: text }));
  }
  return parts.join(' ');
}

export function TrendChart({
  title,
  observations,
}: {
  title: string;
  observations: Observation[];
}) {
  const t = useT(recordsMessages);
  const locale = useLocale();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const data = useMemo(() => trendData(observations), [observations]);
  const labels = data.series.map((s) => {
    const word = s.code ? SERIES_WORDS[s.code] : undefined;
    if (word) return t(word);
    return data.series.length === 1 ? title : s.label;
  });
  const drawable = data.series.some((s) => s.points.length >= 1);

  return (
    <Paper component="figure" withBorder p="sm" m={0}>
      <Text component="figcaption" fw={600} mb="xs">
        {title}
      </Text>
      {drawable ? (
        <>
          <TrendSvg
            data={data}
            labels={labels}
            summary={summaryOf(data, title, labels, t, locale)}
            locale={locale}
          />
          {(data.series.length > 1 || data.range) && (
            <Group gap="md" mt="xs">
              {data.series.length > 1 &&
                data.series.map((series, index) => (
                  <Text size="sm" key={series.key}>
                    <Text
                      span
                      aria-hidden
                      fw={700}
                      c={SERIES_STYLES[index % SERIES_STYLES.length]?.colour}
                    >
                      {['●', '■', '◆'][index % 3]}{' '}
                      {index === 0 ? '———' : index === 1 ? '– – –' : '· · ·'}
                    </Text>{' '}
                    {labels[index]}
                  </Text>
                ))}
              {data.range && (
                <Text size="sm" c="gray.7">
                  {t('chartRangeBand')}
                </Text>
              )}
            </Group>
          )}
          <Button
            variant="default"
            size="xs"
            mt="xs"
            aria-expanded={showTable}
            aria-controls={tableId}
            onClick={() => setShowTable((shown) => !shown)}
          >
            {showTable ? t('chartHideTable', { title }) : t('chartShowTable', { title })}
          </Button>
          <div id={tableId}>
            {showTable && (
              <TrendTable
                data={data}
                labels={labels}
                caption={t('chartTableCaption', { title })}
                dateLabel={t('colDate')}
                locale={locale}
              />
            )}
          </div>
        </>
      ) : (
        <Text c="gray.7">{t('chartNotEnough')}</Text>
      )}
    </Paper>
  );
}
