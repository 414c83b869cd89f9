//! JSON output for scripts: one object per command, or one per line for batches.

use std::io::Write;

use serde::Serialize;

/// Writes `value` as one line of JSON.
pub fn write_line<T: Serialize>(out: &mut impl Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}
