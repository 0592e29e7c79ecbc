import { describe, expect, it } from "vitest";
import { messages } from "../../src/report/messages/index.ts";
import { renderMarkdown, renderText } from "../../src/report/render.ts";
import { baseResult } from "../../src/run/result.ts";
import { forLog, forMarkdown, logLines, markdownCodeBlock } from "../../src/shared/untrusted.ts";

const en = messages("en");

describe("forLog: untrusted text on a log line", () => {
  it.each([
    ["::stop-commands::x", ": :stop-commands::x"],
    ["  ::error file=a.yml,line=1::boom", "  : :error file=a.yml,line=1::boom"],
    ["\u00a0\u2003::add-mask::x", "\u00a0\u2003: :add-mask::x"], // the runner trims Unicode whitespace too
    ["Acme ##[warning]x", "Acme ## [warning]x"], // the legacy form counts anywhere in a line
    ["a\nb\r\nc\u0085d\u2028e\u2029f", "a b c d e f"],
    ["bell\u0007 esc\u001b[31m red", "bell  esc [31m red"],
    ["ab\u202ecd\u2066ef", "abcdef"],
    ["Ærlig Rørlegger AS: 10:30 :: ok", "Ærlig Rørlegger AS: 10:30 :: ok"],
  ])("%j → %j", (input, expected) => {
    expect(forLog(input)).toBe(expected);
    expect(forLog(forLog(input))).toBe(expected); // the logger applies it again: no change
  });

  it("a newline inside a value cannot start a new line; logLines keeps the product's own lines", () => {
    expect(forLog("x\n::error::y").split("\n")).toHaveLength(1);
    expect(logLines("first\n::error::second\n  third")).toBe("first\n: :error::second\n  third");
  });
});

describe("forMarkdown: untrusted text in a Markdown line", () => {
  it.each([
    ["@org/team and @alice", "@&#8203;org/team and @&#8203;alice"],
    ["owner/repo#12 and #3", "owner/repo#&#8203;12 and #&#8203;3"],
    ["![x](http://evil.example/p.png)", "!\\[x\\](http:/&#8203;/evil.example/p.png)"],
    ["[click](https://evil.example)", "\\[click\\](https:/&#8203;/evil.example)"],
    ["see www.evil.example", "see www&#8203;.evil.example"],
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    [
      "<!-- visma-factoring:tenant=acme;kind=attention -->",
      "&lt;!-- visma-factoring:tenant=acme;kind=attention --&gt;",
    ],
    ["&#64;alice &lt;b&gt;", "&amp;#&#8203;64;alice &amp;lt;b&amp;gt;"], // shown as written, never decoded
    ["a|b", "a\\|b"],
    ["`code` and \\", "\\`code\\` and \\\\"],
    ["line\nbreak", "line break"],
    ["Hansen & Sønn AS, faktura 10001 (kreditnota)", "Hansen & Sønn AS, faktura 10001 (kreditnota)"],
  ])("%j → %j", (input, expected) => {
    expect(forMarkdown(input)).toBe(expected);
  });

  it("a pipe in a customer number stays inside its table cell", () => {
    const r = baseResult({ id: "acme", name: "Acme" }, "close", "2026-11-27");
    r.closing = {
      closed: [
        {
          type: "Invoice",
          number: "1|2",
          customer: "a|b",
          amountOre: 100,
          currency: "NOK",
          paymentType: "Payment",
          paymentNumber: "9",
        },
      ],
      skipped: [],
      waiting: { count: 0, amountOre: 0 },
    };
    const row = renderMarkdown(r, en)
      .split("\n")
      .find((l) => l.startsWith("| Invoice"))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6); // 4 cells between 5 unescaped pipes
    expect(row).toContain("a\\|b");
  });

  it("the plain-text view of a hostile result has no line that starts a command", () => {
    const r = baseResult({ id: "acme", name: "Acme\n::stop-commands::x" }, "transfer", "2026-11-27");
    r.says = [{ code: "error", text: "::error::boom\n##[add-mask]y" }];
    const lines = renderText(r, en).split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.trimStart().startsWith("::")).toBe(false);
    expect(renderText(r, en)).not.toContain("##[");
  });
});

describe("markdownCodeBlock", () => {
  it("uses a fence longer than any backtick run, so the text cannot close it", () => {
    expect(markdownCodeBlock("plain")).toBe("```\nplain\n```");
    const block = markdownCodeBlock("a\n```\n@org/team\n````\nb");
    expect(block.startsWith("`````\n")).toBe(true);
    expect(block.endsWith("\n`````")).toBe(true);
  });

  it("keeps the lines but drops control and bidi characters", () => {
    expect(markdownCodeBlock("a\r\nb\u0007c\u202ed  ")).toBe("```\na\nb cd\n```");
  });
});
