/**
 * Comparing COMMAND INFO / COMMAND DOCS replies of redis-server and respire while ignoring
 * the texts respire writes in its own words (command and argument summaries, history
 * descriptions, key-spec notes) and the order of subcommands (Redis keeps them in a hash
 * table, so their order changes from one redis-server process to the next).
 */
import { decodeReply, type Reply, showReply } from "../../src/resp/reply_decoder.ts";

const OWN_WORDS = "<own words>";

export function parseReply(raw: string): Reply {
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  const r = decodeReply(bytes);
  if (r === null) throw new Error(`incomplete reply ${JSON.stringify(raw.slice(0, 200))}`);
  return r[0];
}

function items(r: Reply): Reply[] {
  return "items" in r ? r.items : [];
}

function text(r: Reply): string {
  return "value" in r ? String(r.value) : "";
}

/** Key/value pairs of a map reply, which RESP2 sends as a flat array. */
export function pairs(r: Reply): [string, Reply][] {
  const list = items(r);
  const out: [string, Reply][] = [];
  for (let i = 0; i + 1 < list.length; i += 2) out.push([text(list[i]), list[i + 1]]);
  return out;
}

function withItems(r: Reply, next: Reply[]): Reply {
  return { ...r, items: next } as Reply;
}

function ownWords(r: Reply): Reply {
  return r.type === "bulk" ? { type: "bulk", value: OWN_WORDS } : r;
}

/** Rebuilds a map reply, passing each value through fix(key, value). */
function mapValues(r: Reply, fix: (key: string, value: Reply) => Reply): Reply {
  const list = items(r);
  const next: Reply[] = [];
  for (let i = 0; i + 1 < list.length; i += 2) {
    next.push(list[i], fix(text(list[i]), list[i + 1]));
  }
  return withItems(r, next);
}

/** Sorts a map reply's pairs by key. */
function sortMap(r: Reply): Reply {
  const sorted = pairs(r).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const list = items(r);
  const byKey = new Map<string, Reply>();
  for (let i = 0; i + 1 < list.length; i += 2) byKey.set(text(list[i]), list[i]);
  return withItems(r, sorted.flatMap(([k, v]) => [byKey.get(k)!, v]));
}

function normalizeArgs(args: Reply): Reply {
  return withItems(
    args,
    items(args).map((arg) =>
      mapValues(arg, (key, value) => {
        if (key === "summary") return ownWords(value);
        if (key === "arguments") return normalizeArgs(value);
        return value;
      })
    ),
  );
}

/** One COMMAND DOCS entry (the map after the name) with own-words texts blanked. */
export function normalizeDocsEntry(entry: Reply): Reply {
  return mapValues(entry, (key, value) => {
    switch (key) {
      case "summary":
        return ownWords(value);
      case "history":
        return withItems(
          value,
          items(value).map((h) => withItems(h, [items(h)[0], ownWords(items(h)[1])])),
        );
      case "arguments":
        return normalizeArgs(value);
      case "subcommands":
        return sortMap(mapValues(value, (_k, v) => normalizeDocsEntry(v)));
      default:
        return value;
    }
  });
}

/** A whole COMMAND DOCS reply (a map of name → entry), normalized and sorted by name. */
export function normalizeDocs(reply: Reply): Reply {
  if (reply.type === "error") return reply;
  return sortMap(mapValues(reply, (_k, v) => normalizeDocsEntry(v)));
}

/** One COMMAND INFO entry with key-spec notes blanked and subcommands sorted. */
export function normalizeInfoEntry(entry: Reply): Reply {
  if (entry.type === "null" || entry.type === "error") return entry;
  const fields = [...items(entry)];
  fields[8] = withItems(
    fields[8],
    items(fields[8]).map((spec) =>
      mapValues(spec, (key, value) => (key === "notes" ? ownWords(value) : value))
    ),
  );
  const subs = items(fields[9]).map(normalizeInfoEntry);
  subs.sort((a, b) => {
    const x = text(items(a)[0]);
    const y = text(items(b)[0]);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  fields[9] = withItems(fields[9], subs);
  return withItems(entry, fields);
}

/** A COMMAND INFO (or COMMAND) reply: an array of entries. */
export function normalizeInfo(reply: Reply, sortEntries = false): Reply {
  if (reply.type === "error") return reply;
  const entries = items(reply).map(normalizeInfoEntry);
  if (sortEntries) {
    entries.sort((a, b) => {
      const x = showReply(a);
      const y = showReply(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  return withItems(reply, entries);
}

export { showReply };

const INFO_FIELDS = [
  "name",
  "arity",
  "flags",
  "first-key",
  "last-key",
  "step",
  "acl-categories",
  "tips",
  "key-specs",
  "subcommands",
];

function subcommandNames(list: Reply[]): string[] {
  return list.map((s) => text(items(s)[0])).sort();
}

/**
 * How subcommand lists are compared: a container whose family is not finished yet lacks
 * subcommands (missingAllowed), and respire may know subcommands of later Redis versions
 * (extraAllowed).
 */
export interface SubcommandRules {
  missingAllowed?: boolean;
  extraAllowed?: ReadonlySet<string>;
}

function setDiff(redis: string[], respire: string[], rules: SubcommandRules = {}): string {
  const missing = rules.missingAllowed ? [] : redis.filter((n) => !respire.includes(n));
  const extra = respire.filter((n) => !redis.includes(n) && !rules.extraAllowed?.has(n));
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.join(" ")}`);
  if (extra.length) parts.push(`extra ${extra.join(" ")}`);
  return parts.join("; ");
}

/**
 * Field-by-field differences between Redis's and respire's COMMAND INFO entries for one
 * command, ignoring key-spec notes; subcommands are compared by name only (each one is
 * compared on its own entry).
 */
export function diffInfoEntry(redis: Reply, respire: Reply, rules: SubcommandRules = {}): string[] {
  const out: string[] = [];
  const a = normalizeInfoEntry(redis);
  const b = normalizeInfoEntry(respire);
  if (a.type !== b.type || items(a).length !== items(b).length) {
    return [`INFO: redis ${showReply(a).slice(0, 200)} / respire ${showReply(b).slice(0, 200)}`];
  }
  const fa = items(a);
  const fb = items(b);
  for (let i = 0; i < fa.length; i++) {
    const field = INFO_FIELDS[i] ?? `#${i}`;
    if (field === "subcommands") {
      const d = setDiff(subcommandNames(items(fa[i])), subcommandNames(items(fb[i])), rules);
      if (d) out.push(`INFO subcommands: ${d}`);
      else if (fa[i].type !== fb[i].type && items(fb[i]).length > 0) {
        out.push(`INFO subcommands: redis ${fa[i].type} / respire ${fb[i].type}`);
      }
      continue;
    }
    if (field === "key-specs") {
      const sa = items(fa[i]);
      const sb = items(fb[i]);
      if (sa.length !== sb.length || fa[i].type !== fb[i].type) {
        out.push(`INFO key-specs: redis ${showReply(fa[i])} / respire ${showReply(fb[i])}`);
        continue;
      }
      for (let j = 0; j < sa.length; j++) {
        if (showReply(sa[j]) !== showReply(sb[j])) {
          out.push(`INFO key-specs[${j}]: redis ${showReply(sa[j])} / respire ${showReply(sb[j])}`);
        }
      }
      continue;
    }
    if (showReply(fa[i]) !== showReply(fb[i])) {
      out.push(`INFO ${field}: redis ${showReply(fa[i])} / respire ${showReply(fb[i])}`);
    }
  }
  return out;
}

function diffArgs(path: string, redis: Reply, respire: Reply, out: string[]): void {
  const la = items(redis);
  const lb = items(respire);
  const names = (l: Reply[]) =>
    l.map((arg) => text(pairs(arg).find(([k]) => k === "name")?.[1] ?? { type: "null" }));
  if (la.length !== lb.length || redis.type !== respire.type) {
    out.push(
      `DOCS ${path}: redis ${redis.type}(${names(la).join(" ")}) / respire ${respire.type}(${
        names(lb).join(" ")
      })`,
    );
    return;
  }
  for (let i = 0; i < la.length; i++) {
    const pa = pairs(la[i]);
    const pb = pairs(lb[i]);
    const argName = names([la[i]])[0];
    const here = `${path}[${i}:${argName}]`;
    const ka = pa.map(([k]) => k).join(",");
    const kb = pb.map(([k]) => k).join(",");
    if (ka !== kb || la[i].type !== lb[i].type) {
      out.push(`DOCS ${here} fields: redis ${la[i].type}(${ka}) / respire ${lb[i].type}(${kb})`);
    }
    for (const [key, va] of pa) {
      const vb = pb.find(([k]) => k === key)?.[1];
      if (vb === undefined || key === "summary") continue;
      if (key === "arguments") diffArgs(`${here}.arguments`, va, vb, out);
      else if (showReply(va) !== showReply(vb)) {
        out.push(`DOCS ${here}.${key}: redis ${showReply(va)} / respire ${showReply(vb)}`);
      }
    }
  }
}

/**
 * Field-by-field differences between Redis's and respire's COMMAND DOCS entries for one
 * command, ignoring own-words texts; subcommands are compared by name only.
 */
export function diffDocsEntry(redis: Reply, respire: Reply, rules: SubcommandRules = {}): string[] {
  const out: string[] = [];
  const pa = pairs(redis);
  const pb = pairs(respire);
  const ka = pa.map(([k]) => k).join(",");
  const kb = pb.map(([k]) => k).join(",");
  if (ka !== kb || redis.type !== respire.type) {
    out.push(`DOCS fields: redis ${redis.type}(${ka}) / respire ${respire.type}(${kb})`);
  }
  for (const [key, va] of pa) {
    const vb = pb.find(([k]) => k === key)?.[1];
    if (vb === undefined || key === "summary") continue;
    if (key === "arguments") {
      diffArgs("arguments", va, vb, out);
    } else if (key === "history") {
      const versions = (r: Reply) => items(r).map((h) => text(items(h)[0])).join(" ");
      if (versions(va) !== versions(vb) || va.type !== vb.type) {
        out.push(
          `DOCS history versions: redis ${va.type}(${versions(va)}) / respire ${vb.type}(${
            versions(vb)
          })`,
        );
      }
    } else if (key === "subcommands") {
      const d = setDiff(
        pairs(va).map(([k]) => k).sort(),
        pairs(vb).map(([k]) => k).sort(),
        rules,
      );
      if (d) out.push(`DOCS subcommands: ${d}`);
    } else if (showReply(va) !== showReply(vb)) {
      out.push(`DOCS ${key}: redis ${showReply(va)} / respire ${showReply(vb)}`);
    }
  }
  return out;
}
