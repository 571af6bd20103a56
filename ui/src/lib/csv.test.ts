import { csvCell, toCsv } from "./csv";

test("csvCell quotes separators, quotes and line breaks", () => {
  expect(csvCell("plain")).toBe("plain");
  expect(csvCell("a,b")).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell("two\nlines")).toBe('"two\nlines"');
});

test("csvCell writes empty cells for missing values", () => {
  expect(csvCell(null)).toBe("");
  expect(csvCell(undefined)).toBe("");
  expect(csvCell(Number.NaN)).toBe("");
});

test("csvCell keeps numbers and defuses formulas in text", () => {
  expect(csvCell(-12.5)).toBe("-12.5");
  expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
  expect(csvCell("@cmd")).toBe("'@cmd");
  expect(csvCell("-1,2")).toBe(`"'-1,2"`);
});

test("toCsv writes a header and CRLF rows", () => {
  const text = toCsv([{ a: 1, b: "x" }, { a: 2, b: null }], [
    { header: "a", value: (row) => row.a },
    { header: "b", value: (row) => row.b },
  ]);
  expect(text).toBe("a,b\r\n1,x\r\n2,\r\n");
});
