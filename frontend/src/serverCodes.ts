// Reads, from the server's Rust sources, every code a client can be sent: the problem codes (the
// ErrorCode table's `as_str` in src/error.rs), the field-error codes (the second argument of
// `FieldError::new(`, the domain errors' `fn code`, and `Err(("code", …))` tuples such as
// text::bounded's), and the review flags (`code: "…".into()` under src/domain/review). Used by a
// unit test, so a code added on the server without a translation fails the build.

/** The Rust source files as [path, text], test modules removed. */
export type Sources = [string, string][]

function stripTests(s: string): string {
  const i = s.indexOf('#[cfg(test)]')
  return i < 0 ? s : s.slice(0, i)
}

/** The ErrorCode names `as_str` returns. */
export function problemCodes(errorRs: string): string[] {
  const start = errorRs.indexOf('fn as_str')
  const end = errorRs.indexOf('\n    pub fn ', start + 1)
  const body = errorRs.slice(start, end < 0 ? undefined : end)
  return [...body.matchAll(/=>\s*"([a-z_]+)"/g)].map((m) => m[1])
}

/** The second argument of each `FieldError::new(` call, when it is a literal. */
function fieldErrorLiterals(s: string): string[] {
  const out: string[] = []
  let at = s.indexOf('FieldError::new(')
  while (at >= 0) {
    let i = at + 'FieldError::new('.length
    let depth = 0
    let inString = false
    for (; i < s.length; i++) {
      const c = s[i]
      if (inString) {
        if (c === '\\') i++
        else if (c === '"') inString = false
      } else if (c === '"') inString = true
      else if (c === '(' || c === '[' || c === '{') depth++
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break
        depth--
      } else if (c === ',' && depth === 0) break
    }
    const m = /^,\s*"([a-z_]+)"/.exec(s.slice(i))
    if (m) out.push(m[1])
    at = s.indexOf('FieldError::new(', at + 1)
  }
  return out
}

export function fieldCodes(sources: Sources): string[] {
  const codes = new Set<string>()
  for (const [, raw] of sources) {
    const s = stripTests(raw)
    for (const c of fieldErrorLiterals(s)) codes.add(c)
    for (const m of s.matchAll(/fn code\(self\) -> &'static str \{([\s\S]*?)\n {4}\}/g)) {
      for (const x of m[1].matchAll(/"([a-z_]+)"/g)) codes.add(x[1])
    }
    for (const m of s.matchAll(/Err\(\(\s*"([a-z_]+)"/g)) codes.add(m[1])
  }
  return [...codes].sort()
}

export function flagCodes(sources: Sources): string[] {
  const codes = new Set<string>()
  for (const [path, raw] of sources) {
    if (!/review/.test(path)) continue
    for (const m of stripTests(raw).matchAll(/code:\s*"([a-z_]+)"\.into\(\)/g)) codes.add(m[1])
  }
  return [...codes].sort()
}
