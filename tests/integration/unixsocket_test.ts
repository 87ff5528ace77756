import assert from "node:assert/strict";
import { startRespire } from "../helpers/servers.ts";

Deno.test("unixsocket: clients connect over a Unix socket as well as TCP", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-sock-" });
  const path = `${dir}/respire.sock`;
  try {
    await using server = await startRespire({ unixsocket: path });
    const conn = await Deno.connect({ transport: "unix", path });
    try {
      await conn.write(
        new TextEncoder().encode(
          "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
        ),
      );
      const buf = new Uint8Array(64);
      let got = "";
      while (got.length < 12) {
        const n = await conn.read(buf);
        if (n === null) break;
        got += new TextDecoder().decode(buf.subarray(0, n));
      }
      assert.equal(got, "+OK\r\n$1\r\nv\r\n");
    } finally {
      conn.close();
    }
    // the same data over TCP
    const tcp = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
    try {
      await tcp.write(new TextEncoder().encode("GET k\r\n"));
      const buf = new Uint8Array(64);
      const n = await tcp.read(buf);
      assert.equal(new TextDecoder().decode(buf.subarray(0, n!)), "$1\r\nv\r\n");
    } finally {
      tcp.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
