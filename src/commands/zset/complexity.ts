/** Complexity texts of the sorted-set commands, as Redis 7.0 states them (COMMAND DOCS). */
export const COMPLEXITY: Record<string, string> = {
  zadd: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
  zincrby: "O(log(N)) where N is the number of elements in the sorted set.",
  zrem:
    "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
  zcard: "O(1)",
  zscore: "O(1)",
  zmscore: "O(N) where N is the number of members being requested.",
  zcount: "O(log(N)) with N being the number of elements in the sorted set.",
  zlexcount: "O(log(N)) with N being the number of elements in the sorted set.",
  zrank: "O(log(N))",
  zrevrank: "O(log(N))",
  zrange:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
  zrangestore:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
  zrangebyscore:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
  zrevrangebyscore:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
  zrangebylex:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
  zrevrangebylex:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
  zrevrange:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
  zremrangebyrank:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
  zremrangebyscore:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
  zremrangebylex:
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
  zpopmin:
    "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
  zpopmax:
    "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
  zmpop:
    "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
  zrandmember: "O(N) where N is the number of elements returned",
  zunion:
    "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
  zinter:
    "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
  zdiff:
    "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
  zunionstore:
    "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
  zinterstore:
    "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
  zdiffstore:
    "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
  zintercard:
    "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
  zscan:
    "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
  bzpopmin: "O(log(N)) with N being the number of elements in the sorted set.",
  bzpopmax: "O(log(N)) with N being the number of elements in the sorted set.",
  bzmpop:
    "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
};
