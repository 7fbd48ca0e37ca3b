import { Button, Text } from "@medusajs/ui"
import type { Difference } from "../../../lib/statement/types"

const refunds = (n: number) => `${n} ${n === 1 ? "refund" : "refunds"}`

/**
 * The statement page's line about the day's refunds made outside the store. The button is offered only for those
 * the POST may record: for an entry whose `importOutsideRefunds` is off the POST would refuse every one, so the page
 * says why instead of offering a button that does nothing.
 */
export function OutsideRefundsBar(props: {
  recordable: Difference[]
  reportedOnly: Difference[]
  recording: boolean
  busy: boolean
  onRecord: () => void
}) {
  const { recordable, reportedOnly } = props
  return (
    <>
      {!!recordable.length && (
        <div className="flex items-center justify-between gap-x-4 px-6 py-3">
          <Text size="small">
            {refunds(recordable.length)} made outside the store, not yet recorded in Medusa. Recording adds a refund row
            to each order, noted as made outside the store; nothing is sent to IOTPay.
          </Text>
          <Button
            size="small"
            className="whitespace-nowrap"
            isLoading={props.recording}
            disabled={props.busy}
            onClick={props.onRecord}
            data-testid="statement-record-outside"
          >
            Record outside refunds in Medusa
          </Button>
        </div>
      )}
      {!!reportedOnly.length && (
        <div className="px-6 py-3" data-testid="statement-outside-reported-only">
          <Text size="small">
            {refunds(reportedOnly.length)} made outside the store {reportedOnly.length === 1 ? "is" : "are"} reported
            only: the provider entry&apos;s importOutsideRefunds option (IOTPAY_IMPORT_OUTSIDE_REFUNDS) is off, so
            Medusa does not record {reportedOnly.length === 1 ? "it" : "them"}. Turn it on to record them from here.
          </Text>
        </div>
      )}
    </>
  )
}
