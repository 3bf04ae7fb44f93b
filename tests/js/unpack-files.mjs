// Run by tests/js/test_unpacking.py: unpacks files with guide/js/unpack.mjs as the engine's worker
// does, their bytes given in uneven pieces as a network gives them, and prints one JSON line a
// file: {name, sha256, bytes} once unpacked, or {name, error, damaged} when unpacking failed.
// Usage: node unpack-files.mjs <zstd-decoder.wasm> <file.zst>...
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { DamagedFile, zstdDecoder } from "../../guide/js/unpack.mjs";

const [decoderPath, ...files] = process.argv.slice(2);
const decoder = await zstdDecoder(readFileSync(decoderPath));
const PIECES = [1, 7, 4096, 65536, 13, 100003]; // sizes used in turn

for (const path of files) {
  const name = basename(path);
  const packed = readFileSync(path);
  const source = new ReadableStream({
    start(controller) {
      for (let at = 0, turn = 0; at < packed.length; turn += 1) {
        const size = PIECES[turn % PIECES.length];
        controller.enqueue(new Uint8Array(packed.subarray(at, at + size)));
        at += size;
      }
      controller.close();
    },
  });
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of source.pipeThrough(decoder.unpacking(name))) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    console.log(JSON.stringify({ name, sha256: hash.digest("hex"), bytes }));
  } catch (error) {
    console.log(JSON.stringify({ name, error: String(error.message), damaged: error instanceof DamagedFile }));
  }
}
