import { Button, Text } from "@medusajs/ui"

const PAGE_SIZES = [10, 20, 50, 100]

/** Previous / next and the page size of the notify inbox (the route's offset and limit). */
export const InboxPaging = ({
  inbox,
  setPage,
}: {
  inbox: { total: number; limit: number; offset: number; notifies: unknown[] }
  setPage: (offset: number, limit: number) => void
}) => {
  const { total, limit, offset } = inbox
  const first = total === 0 ? 0 : offset + 1
  const last = offset + inbox.notifies.length
  return (
    <div className="flex flex-wrap items-center gap-2 px-6 py-3" data-testid="iotpay-inbox-paging">
      <Text size="small" data-testid="iotpay-inbox-range">
        {first}–{last} of {total}
      </Text>
      <Button
        size="small"
        variant="secondary"
        disabled={offset === 0}
        onClick={() => setPage(Math.max(0, offset - limit), limit)}
        data-testid="iotpay-inbox-previous"
      >
        Previous
      </Button>
      <Button
        size="small"
        variant="secondary"
        disabled={last >= total}
        onClick={() => setPage(offset + limit, limit)}
        data-testid="iotpay-inbox-next"
      >
        Next
      </Button>
      <label className="flex items-center gap-x-1">
        <Text size="small">Per page</Text>
        <select
          className="bg-ui-bg-field rounded border px-1 text-sm"
          value={limit}
          onChange={(e) => setPage(0, Number(e.target.value))}
          data-testid="iotpay-inbox-page-size"
        >
          {[...new Set([...PAGE_SIZES, limit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
      </label>
    </div>
  )
}
