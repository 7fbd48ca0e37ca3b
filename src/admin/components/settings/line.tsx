import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** One label / value row of a settings card. */
export const Line = ({ label, value, testId }: { label: ReactNode; value: ReactNode; testId?: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-[1fr_2fr] items-center gap-x-4 px-6 py-3">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <Text size="small" leading="compact" data-testid={testId} className="break-words" asChild>
      <div>{value}</div>
    </Text>
  </div>
)
