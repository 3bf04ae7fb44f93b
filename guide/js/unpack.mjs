// Unpacks the runtime files the site ships packed with zstd (pyodide.asm.wasm and python_stdlib.zip, as
// <name>.zst: guide/sitegen/packed_runtime.py says why). The decoder is zstd's own, compiled to
// WebAssembly (zstd-decoder.wasm, from the pinned npm package zstddec); this module is the few lines
// that call it. Each file is unpacked as its bytes arrive, and a damaged or cut-off file is an error
// that names it, never bytes that are silently wrong. Tests: tests/js/test_unpacking.py.

import { urlOf } from "./watched-fetch.mjs";

export const ZSTD_DECODER = "zstd-decoder.wasm";

/** A packed file that came but does not unpack (a download cut off midway is a "load" failure). */
export class DamagedFile extends Error {}

/**
 * The fetch Pyodide is given: a request for a packed file's name (under `indexURL`) gets the packed
 * file, fetched with `watched` and unpacked as it comes; any other request is `watched`'s. Each packed
 * file is asked for at once; a second request for it (a full start after a failed restore) fetches
 * it again. onFailure gets the engine's error shape (engine-errors.mjs), for a file (or the
 * decoder) that cannot be had or unpacked; the watch (watched-fetch.mjs) has already reported one
 * that could not be loaded.
 * @param {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>} watched
 * @param {string} indexURL the runtime's folder
 * @param {{name: string, file: string, type: string}[]} packed
 * @param {(failure: {kind: string, message: string, file: string}) => void} onFailure
 * @returns {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>}
 */
export function unpackingFetch(watched, indexURL, packed, onFailure) {
  const fetchFile = (/** @type {string} */ file) =>
    watched(new URL(file, indexURL).href, { credentials: "same-origin" });
  // The watch has reported a decoder that could not be loaded; one that came but is no decoder is corrupt.
  const decoder = fetchFile(ZSTD_DECODER).then(async (response) => {
    if (!response.ok) throw new Error(`could not load ${ZSTD_DECODER} (HTTP ${response.status})`);
    return zstdDecoder(await response.arrayBuffer());
  });
  decoder.catch((error) =>
    onFailure({
      kind: "corrupt",
      message: `${ZSTD_DECODER} could not be used (${error?.message})`,
      file: ZSTD_DECODER,
    }),
  );
  const unpacked = (/** @type {{file: string, type: string}} */ { file, type }) => {
    const response = fetchFile(file).then(async (packedResponse) => {
      if (!packedResponse.ok || !packedResponse.body) return packedResponse;
      const { readable, writable } = (await decoder).unpacking(file);
      packedResponse.body.pipeTo(writable).catch((error) =>
        onFailure({
          kind: error instanceof DamagedFile ? "corrupt" : "load",
          message: error instanceof DamagedFile ? error.message : `could not load ${file} (${error?.message})`,
          file,
        }),
      );
      return new Response(readable, { status: 200, headers: { "content-type": type } });
    });
    response.catch(() => {}); // reported above, or by the watch
    return response;
  };
  const byUrl = new Map(packed.map((entry) => [new URL(entry.name, indexURL).href, entry]));
  const early = new Map(packed.map((entry) => [entry, unpacked(entry)]));
  return (input, init) => {
    const entry = byUrl.get(urlOf(input));
    if (!entry) return watched(input, init);
    const response = early.get(entry) ?? unpacked(entry);
    early.delete(entry);
    return response;
  };
}

// zstd reports an error as a size_t of (size_t)-code, its codes all below 120 (zstd_errors.h).
const FIRST_ERROR = 2 ** 32 - 120;
const SIZE_T = 4; // the decoder is 32-bit WebAssembly: a pointer and a size_t are 4 bytes

/**
 * The decoder, from its .wasm's bytes.
 * @param {BufferSource} wasmBytes
 */
export async function zstdDecoder(wasmBytes) {
  // The decoder grows its memory itself and says so; the views below are taken afresh each time.
  const imports = { env: { emscripten_notify_memory_growth: () => {} } };
  const { instance } = /** @type {WebAssembly.WebAssemblyInstantiatedSource} */ (
    await WebAssembly.instantiate(wasmBytes, imports)
  );
  const zstd = /** @type {any} */ (instance.exports);
  const heap = () => new Uint8Array(zstd.memory.buffer);
  const view = () => new DataView(zstd.memory.buffer);
  // {pointer, size, pos}: zstd's ZSTD_inBuffer and ZSTD_outBuffer.
  const setBuffer = (/** @type {number} */ at, /** @type {number} */ pointer, /** @type {number} */ size) => {
    const fields = view();
    fields.setUint32(at, pointer, true);
    fields.setUint32(at + SIZE_T, size, true);
    fields.setUint32(at + 2 * SIZE_T, 0, true);
  };
  const position = (/** @type {number} */ at) => view().getUint32(at + 2 * SIZE_T, true);

  return {
    /**
     * A stream from the packed bytes of `name` to its own. It unpacks as soon as bytes come,
     * whether or not they are read yet, so that the work is spread over the download.
     * @param {string} name
     * @returns {TransformStream<Uint8Array, Uint8Array>}
     */
    unpacking(name) {
      const context = zstd.ZSTD_createDCtx();
      const outSize = zstd.ZSTD_DStreamOutSize();
      const out = zstd.malloc(outSize);
      const inBuffer = zstd.malloc(3 * SIZE_T);
      const outBuffer = zstd.malloc(3 * SIZE_T);
      let input = 0;
      let inputSize = 0;
      let left = 0; // what zstd's last call said: 0 once a whole frame has been unpacked
      const release = () => {
        zstd.ZSTD_freeDCtx(context);
        for (const pointer of [out, inBuffer, outBuffer, input]) if (pointer) zstd.free(pointer);
      };
      return new TransformStream(
        {
          transform(chunk, controller) {
            try {
              if (chunk.byteLength > inputSize) {
                if (input) zstd.free(input);
                input = zstd.malloc(chunk.byteLength);
                inputSize = chunk.byteLength;
              }
              heap().set(chunk, input);
              setBuffer(inBuffer, input, chunk.byteLength);
              for (;;) {
                setBuffer(outBuffer, out, outSize);
                left = zstd.ZSTD_decompressStream(context, outBuffer, inBuffer) >>> 0;
                if (left >= FIRST_ERROR) throw new DamagedFile(`${name} is damaged (zstd error ${2 ** 32 - left})`);
                const made = position(outBuffer);
                if (made > 0) controller.enqueue(heap().slice(out, out + made));
                // A full output buffer may leave more in the decoder even once the input is read.
                if (position(inBuffer) === chunk.byteLength && made < outSize) break;
              }
            } catch (error) {
              release();
              throw error;
            }
          },
          flush() {
            release();
            if (left !== 0) throw new DamagedFile(`${name} is cut off: it ends before its last frame does`);
          },
        },
        undefined,
        // No limit on what waits to be read: unpacking goes on while Pyodide is not yet reading.
        { highWaterMark: Number.POSITIVE_INFINITY },
      );
    },
  };
}
