import { Badge, Button, Container, Heading, Input, Label, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import type { Difference, Statement, Totals } from "../../../../../lib/statement/types"
import { OutsideRefundsBar } from "../../../../components/statement/outside-refunds-bar"
import { OrderLink } from "../../../../lib/order-link"
import { allOutside, outsideRefunds } from "../../../../lib/outside-refunds"
import { useIotpayStatement, useRecordOutsideRefunds } from "../../../../lib/iotpay-queries"
import { failureText, unavailableText } from "../../../../lib/request-error"
import { sdk } from "../../../../lib/sdk"

const today = () => new Date().toISOString().slice(0, 10)
const dollars = (cents: number) => `${cents < 0 ? "-" : ""}$${(Math.abs(cents) / 100).toFixed(2)}`

const KIND_LABELS: Record<Difference["kind"], string> = {
  refunded_outside_store: "Refunded outside the store",
  recorded_in_medusa_not_at_iotpay: "Recorded in Medusa, not at IOTPay",
  open_reversal: "Refund or void still open",
  owed: "Money owed back",
  paid_at_iotpay_no_order: "Paid at IOTPay, no order",
  order_without_iotpay_payment: "Order without an IOTPay payment",
  amount_differs: "Amounts differ",
}

/**
 * Settings → IOTPay → Statement: one day (UTC) of IOTPay payments against Medusa (docs/statement.md). Asking for a
 * day runs the check read-only (IOTPay asked once per payment); a refund made in IOTPay's portal is recorded in
 * Medusa only when the admin presses "Record outside refunds in Medusa".
 */
const IotpayStatementPage = () => {
  const [date, setDate] = useState(today())
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date)
  const { data, error, isFetching } = useIotpayStatement(date, valid)
  const record = useRecordOutsideRefunds(date)
  const statement = data?.statement
  // What the last "Record outside refunds" of this day did to each outside refund (the statement reloads after it).
  const recorded = record.data?.statement.date === date ? allOutside(record.data.statement) : []

  return (
    <div className="flex flex-col gap-y-3" data-testid="iotpay-statement">
      <Container className="divide-y p-0">
        <div className="flex items-end justify-between gap-x-4 px-6 py-4">
          <div>
            <Heading level="h1">IOTPay statement</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Every IOTPay payment of the day (UTC) as IOTPay holds it, against what Medusa says. Refunds made in
              IOTPay&apos;s portal are listed; &quot;Record outside refunds in Medusa&quot; records them. Nothing else
              changes and no money moves.
            </Text>
          </div>
          <div className="flex items-end gap-x-2">
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="iotpay-statement-date" size="small">
                Day
              </Label>
              <Input
                id="iotpay-statement-date"
                type="date"
                size="small"
                value={date}
                max={today()}
                onChange={(e) => setDate(e.target.value)}
                data-testid="statement-date"
              />
            </div>
            <Button
              size="small"
              variant="secondary"
              className="whitespace-nowrap"
              disabled={!valid}
              onClick={() => downloadCsv(date)}
              data-testid="statement-download"
            >
              Download CSV
            </Button>
          </div>
        </div>
        {isFetching && <Row text="Asking IOTPay…" />}
        {error && <Row text={unavailableText("Statement", error)} />}
        {recorded.map((d, i) => (
          <Row
            key={`recorded-${i}`}
            testId="statement-recorded"
            text={
              d.imported === "imported"
                ? `Recorded in Medusa: ${dollars(d.cents)} refunded outside the store on IOTPay ${d.payOrderId ?? d.mchOrderNo}.`
                : `Not recorded: ${dollars(d.cents)} on IOTPay ${d.payOrderId ?? d.mchOrderNo}: ${d.importNote}.`
            }
          />
        ))}
        {statement && (
          <OutsideRefundsBar
            {...outsideRefunds(statement)}
            recording={record.isPending}
            busy={isFetching}
            onRecord={() => record.mutate()}
          />
        )}
        {record.error && <Row text={`Recording the outside refunds failed: ${failureText(record.error)}`} />}
      </Container>
      {statement && <TotalsView statement={statement} />}
      {statement && <DifferencesView differences={statement.differences} />}
    </div>
  )
}

const Row = ({ text, testId }: { text: string; testId?: string }) => (
  <div className="px-6 py-3" data-testid={testId}>
    <Text size="small">{text}</Text>
  </div>
)

function TotalsView({ statement }: { statement: Statement }) {
  const rows: [string, keyof Totals][] = [
    ["Charged", "chargedCents"],
    ["Refunded", "refundedCents"],
    ["Net", "netCents"],
  ]
  const payments = statement.lines.filter((l) => l.type === "payment").length
  return (
    <Container className="p-0" data-testid="statement-totals">
      <div className="px-6 py-4">
        <Heading level="h2">Totals</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {payments} {payments === 1 ? "payment" : "payments"}; IOTPay asked {statement.asked}{" "}
          {statement.asked === 1 ? "time" : "times"}.
          {statement.iotpayRefundsPartial && " IOTPay's refunded total leaves out v1 refunds it cannot report."}
        </Text>
      </div>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell />
            <Table.HeaderCell>IOTPay</Table.HeaderCell>
            <Table.HeaderCell>Medusa</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map(([label, key]) => (
            <Table.Row key={key} data-testid={`statement-total-${key}`}>
              <Table.Cell>{label}</Table.Cell>
              <Table.Cell>{dollars(statement.iotpay[key])}</Table.Cell>
              <Table.Cell>{dollars(statement.medusa[key])}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Container>
  )
}

function DifferencesView({ differences }: { differences: Difference[] }) {
  return (
    <Container className="divide-y p-0" data-testid="statement-differences">
      <div className="px-6 py-4">
        <Heading level="h2">Differences</Heading>
      </div>
      {differences.length === 0 && <Row text="None: IOTPay and Medusa agree on this day." />}
      {differences.map((d, i) => (
        <div key={i} className="flex flex-col gap-y-1 px-6 py-3" data-testid="statement-difference" data-kind={d.kind}>
          <div className="flex items-center gap-x-2">
            <Badge size="2xsmall" color={d.kind === "open_reversal" ? "orange" : "red"}>
              {KIND_LABELS[d.kind]}
            </Badge>
            <Text size="small" weight="plus">
              {dollars(d.cents)} ({d.cents} cents)
            </Text>
            {d.imported && (
              <Badge size="2xsmall" color={d.imported === "imported" ? "green" : "grey"}>
                {d.imported === "imported" ? "recorded in Medusa" : "not recorded"}
              </Badge>
            )}
          </div>
          <Text size="small">
            {d.orderId ? <OrderLink orderId={d.orderId}>Order {d.orderId}</OrderLink> : "No order"}
            {d.paymentId && ` · payment ${d.paymentId}`} · IOTPay {d.payOrderId ?? d.mchOrderNo}
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {d.detail}
            {d.importNote && `. ${d.importNote}`}
          </Text>
        </div>
      ))}
    </Container>
  )
}

/** The CSV through the SDK (the dashboard's session), saved under the name the server gives it. */
async function downloadCsv(date: string) {
  const res = await sdk.client.fetch<Response>("/admin/iotpay/statement.csv", {
    query: { date },
    headers: { accept: "text/csv" },
  })
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement("a")
  a.href = url
  a.download = `iotpay-statement-${date}.csv`
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const handle = { breadcrumb: () => "Statement" }

export default IotpayStatementPage
