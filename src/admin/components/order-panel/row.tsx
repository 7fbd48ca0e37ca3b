import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** One label / value row of the order page's IOTPay panel. */
export const Row = ({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-3">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <Text size="small" leading="compact" data-testid={testId} className="break-words">
      {value}
    </Text>
  </div>
)
