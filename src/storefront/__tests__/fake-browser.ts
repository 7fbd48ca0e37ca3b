/** A stand-in for `window` that records what openV1Payment does with it (jest runs without a DOM). */
import type { BrowserTarget } from "../wechat-alipay-unionpay"

type FakeElement = { tag: string; children: FakeElement[]; style: Record<string, string>; [key: string]: unknown }

export function fakeBrowser() {
  const seen: string[] = []
  const appended: FakeElement[] = []
  const element = (tag: string): FakeElement => {
    const el: FakeElement = {
      tag,
      children: [],
      style: {},
      appendChild: (child: FakeElement) => el.children.push(child),
      submit: () => seen.push(`submit ${el.method} ${el.action}`),
    }
    return el
  }
  const target = {
    location: { assign: (url: string) => void seen.push(`assign ${url}`) },
    document: {
      createElement: element,
      body: { appendChild: (child: FakeElement) => void appended.push(child) },
      // the kit must never write HTML into the page: these would record it if it did
      write: (html: string) => void seen.push(`write ${html}`),
      open: () => void seen.push("open"),
    },
  } as unknown as BrowserTarget
  /** The fields of the form the kit appended and submitted, as [name, value]. */
  const postedFields = () =>
    appended.flatMap((form) => form.children.map((input) => [input.name, input.value, input.type]))
  return { target, seen, appended, postedFields }
}
