#!/usr/bin/env python3
"""Writes docs/benchmarks.md from build/bench/results.jsonl (scripts/bench) and, when it exists, the fleet run
next to it (build/bench/fleet.jsonl, scripts/fleet). usage: report.py RESULTS OUT"""
import datetime
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=HERE).stdout.strip()
    except OSError:
        commit = "?"
    return cpu, os.cpu_count(), mem, commit


def load(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            o = json.loads(line)
            key = o.get("bench")
            if key == "devices":
                key = "devices_" + o.get("storage", "?")
            if key in ("first_sync", "push") and o.get("encrypted"):
                key += "_encrypted"  # the same client on an encrypted store (issue 16)
            out[key] = o
    return out


def load_fleet(results_path):
    """The last fleet run (scripts/fleet writes fleet.jsonl beside results.jsonl), or {}."""
    path = os.path.join(os.path.dirname(os.path.abspath(results_path)), "fleet.jsonl")
    return load(path) if os.path.exists(path) else {}


def fleet_lines(fleet, path):
    """The national fleet (issue 15, item 9): one day of N devices against 2 servers, PostgreSQL and nginx."""
    f = fleet.get("fleet")
    if not f:
        return []
    start = fleet.get("fleet_start", {})
    when = datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = f["cpu_s"]
    lines = ["National fleet (issue 15, item 9; `scripts/fleet`, a run of its own: %s, commit %s, load %s at its start,"
             " %s at its end): %d devices in %d teams, %d changes in %d syncs each over a working day, against %d"
             " server processes on one PostgreSQL (fsync %s) behind nginx (TLS), all on this machine's %d cores." % (
                 when, start.get("commit", "?"), start.get("loadavg", "?"), fleet.get("fleet_end", {}).get("loadavg", "?"),
                 f["devices"], f["teams"], f["changes_per_device"], f["syncs_per_device"], start.get("servers", 2),
                 start.get("pg_fsync", "?"), f["cores"]), ""]
    scheduled = ("the day scheduled over %.1f min" % f["minutes_scheduled"]) if f["minutes_scheduled"] > 0 \
        else "as fast as the set-up allows"
    lines += ["| figure | value |", "|---|---|",
              "| day replayed in (%s, at most %d syncs at once) | %.1f s |" % (scheduled, f["concurrency"], f["replay_s"]),
              "| syncs, requests, errors | %d, %d, %d |" % (f["syncs"], f["requests"], f["errors"]),
              "| requests/s | %d |" % f["requests_per_s"],
              "| changes pushed/s | %d |" % f["mutations_per_s"],
              "| records delivered/s (pull pages; a device's own changes come back too) | %d (%d in all) |" % (
                  f["records_delivered_per_s"], f["records_delivered"]),
              "| TLS connect (one per sync), median / p99 | %.1f / %.1f ms |" % (f["connect"]["median_ms"], f["connect"]["p99_ms"])]
    for kind in ("push", "pull", "sync"):
        k = f[kind]
        lines.append("| %s: median / p99 / max (n) | %.1f / %.1f / %.0f ms (%d) |" % (
            kind if kind != "sync" else "whole sync (connect, push, pull pages)", k["median_ms"], k["p99_ms"],
            k["max_ms"], k["n"]))
    if "lateness" in f:
        lines.append("| syncs started late (waited for a free slot): p99 / max | %.0f / %.0f ms |" % (
            f["lateness"]["p99_ms"], f["lateness"]["max_ms"]))
    total = max(0.1, f["cpu_available_s"])
    busy = f["cpu_total_s"] + cpu.get("other", 0)
    lines.append("| CPU seconds during the replay (of %.0f s on %d cores; \"other\": the rest of the machine) | %s;"
                 " idle %.0f s |" % (
                     total, f["cores"], ", ".join("%s %.1f s (%.0f %%)" % (name, v, 100 * v / total)
                                                  for name, v in sorted(cpu.items(), key=lambda kv: -kv[1])),
                     max(0, total - busy)))
    # What bounds it: the CPU each sync costs, and what the full day would need of the machine at that cost.
    ours = {k: v for k, v in cpu.items() if k != "other"}
    per_sync = {k: 1000 * v / max(1, f["syncs"]) for k, v in ours.items()}
    full_syncs = 20000 * f["syncs_per_device"]
    need = sum(per_sync.values()) * full_syncs / 1000
    lines.append("| CPU per sync | %s; %.1f ms in all → a day of 20,000 devices (%d syncs) needs %.0f CPU s, at least"
                 " %.1f min on %d otherwise idle cores |" % (
                     ", ".join("%s %.1f ms" % (k, v) for k, v in sorted(per_sync.items(), key=lambda kv: -kv[1])),
                     sum(per_sync.values()), full_syncs, need, need / f["cores"] / 60, f["cores"]))
    lines.append("")
    return lines


def pct(value):
    return "%+.1f %%" % value


def crypto_lines(results):
    """Encrypted store against plain (issue 16): the same work in the same run."""
    lines = []
    save, apply_, search = results.get("crypto_save"), results.get("crypto_apply"), results.get("crypto_search")
    first, first_enc = results.get("first_sync"), results.get("first_sync_encrypted")
    push, push_enc = results.get("push"), results.get("push_encrypted")
    unlock = results.get("unlock")
    if not any([save, apply_, search, first_enc, push_enc, unlock]):
        return lines
    lines += ["Encrypted store against plain, same run (issue 16: overhead ≤ 10 %, moonshot ≤ 5 %; wall-clock and"
              " CPU time of the benchmark's process, all threads; the machine is shared, so the verdict is on CPU time, the steadier"
              " figure):", "",
              "| what | plain | encrypted | overhead (wall) | overhead (CPU) | verdict |", "|---|---|---|---|---|---|"]

    def crow(what, plain, enc, wall, cpu):
        lines.append("| %s | %s | %s | %s | %s | %s |" % (what, plain, enc, pct(wall), pct(cpu),
                                                           verdict(cpu <= 10)))
    if save:
        p, e = save["plain"], save["encrypted"]
        crow("save one encounter, %d saves in %d alternating blocks (median per save)" % (save["n"], save["rounds"]),
             "%.3f ms, %.0f ms CPU" % (p["median_ms"], p["cpu_ms"]), "%.3f ms, %.0f ms CPU" % (e["median_ms"], e["cpu_ms"]),
             save["overhead_median_pct"], save["overhead_cpu_pct"])
    if apply_:
        p, e = apply_["plain"], apply_["encrypted"]
        crow("apply %d pulled records, %d runs each (records/s of all runs)" % (apply_["records"], apply_["runs"]),
             "%d/s, %.1f s CPU" % (p["per_s"], p["cpu_ms"] / 1000), "%d/s, %.1f s CPU" % (e["per_s"], e["cpu_ms"] / 1000),
             apply_["overhead_wall_pct"], apply_["overhead_cpu_pct"])
    if search:
        p, e = search["plain"], search["encrypted"]
        crow("search, %d notes + %d employers, %d queries × %d rounds (median per query)" % (
                 search["notes"], search["employers"], len(search["queries"]), search["rounds"]),
             "%.2f ms, %.0f ms CPU" % (p["median_ms"], p["cpu_ms"]), "%.2f ms, %.0f ms CPU" % (e["median_ms"], e["cpu_ms"]),
             search["overhead_median_pct"], search["overhead_cpu_pct"])
    if first and first_enc:
        crow("first sync of %d records (client)" % first["records"],
             "%.2f s, %.1f s CPU" % (first["ms"] / 1000, first.get("cpu_ms", 0) / 1000),
             "%.2f s, %.1f s CPU" % (first_enc["ms"] / 1000, first_enc.get("cpu_ms", 0) / 1000),
             (first_enc["ms"] / first["ms"] - 1) * 100,
             (first_enc["cpu_ms"] / first["cpu_ms"] - 1) * 100 if first.get("cpu_ms") else 0)
    if push and push_enc:
        crow("push of %d mutations, whole cycle (client)" % push["mutations"],
             "%.2f s, %.1f s CPU" % (push["cycle_ms"] / 1000, push.get("cycle_cpu_ms", 0) / 1000),
             "%.2f s, %.1f s CPU" % (push_enc["cycle_ms"] / 1000, push_enc.get("cycle_cpu_ms", 0) / 1000),
             (push_enc["cycle_ms"] / push["cycle_ms"] - 1) * 100,
             (push_enc["cycle_cpu_ms"] / push["cycle_cpu_ms"] - 1) * 100 if push.get("cycle_cpu_ms") else 0)
    lines.append("")
    if unlock:
        lines += ["Unlock (target ≤ 300 ms including Argon2id): `Session::open` with the PIN on the encrypted"
                  " device folder of %d records and a first read, median of %d: **%.0f ms** (max %.0f, CPU %.0f ms),"
                  " of which Argon2id (ops %d, %d MiB) alone %.0f ms: %s." % (
                      unlock["records"], unlock["runs"], unlock["median_ms"], unlock["max_ms"],
                      unlock["cpu_median_ms"], unlock["argon2id_ops"], unlock["argon2id_mib"],
                      unlock["argon2id_median_ms"], verdict(unlock["median_ms"] <= 300)), ""]
    return lines


def verdict(ok):
    return "**pass**" if ok else "**MISS**"


def main():
    results, target = load(sys.argv[1]), sys.argv[2]
    cpu, cores, mem, commit = machine()
    commit = results.get("load_start", {}).get("commit", commit)
    rows = []

    def row(what, tgt, figure, ok):
        rows.append("| %s | %s | %s | %s |" % (what, tgt, figure, "not measured" if ok is None else ok if isinstance(ok, str) else verdict(ok)))

    def failed(name):
        return results.get(name, {}).get("failed") or name not in results

    s = results.get("save_encounter")
    if s:
        row("save one encounter (row + search + outbox, own transaction, WAL), %d saves" % s["n"],
            "median ≤ 0.5 ms, ≥ 2,000 saves/s",
            "median %.3f ms (p99 %.2f ms), %d saves/s" % (s["median_ms"], s["p99_ms"], s["saves_per_s"]),
            s["median_ms"] <= 0.5 and s["saves_per_s"] >= 2000)
    else:
        row("save one encounter", "median ≤ 0.5 ms, ≥ 2,000 saves/s", "failed", False)
    a = results.get("apply_pulled")
    if a:
        runs = a.get("per_run", [])
        spread = ""
        if runs:
            spread = " (runs: %d–%d records/s, ratio %.2f–%.2f)" % (
                min(r["apply"] for r in runs), max(r["apply"] for r in runs),
                min(r["ratio"] for r in runs), max(r["ratio"] for r in runs))
        row("apply %d pulled records in batches of %d (RemoteApplier), median of %d runs" % (
                a["records"], a["batch"], a.get("runs", 1)),
            "≥ 50,000 records/s and ≥ 0.5 × plain INSERTs",
            "%d records/s; plain INSERTs in one transaction %d records/s; ratio %.2f%s" % (
                a["apply_records_per_s"], a["plain_records_per_s"], a["ratio"], spread),
            a["apply_records_per_s"] >= 50000 and a["ratio"] >= 0.5)
    else:
        row("apply pulled changes", "≥ 50,000 records/s, ratio ≥ 0.5", "failed", False)
    q = results.get("search_notes")
    if q:
        row("full-text search over %d encounter notes (%d queries × %d)" % (
            q["notes"], len(q["queries"]), q["n"] // max(1, len(q["queries"]))),
            "median ≤ 5 ms", "median %.2f ms (p90 %.2f, max %.2f ms)" % (q["median_ms"], q["p90_ms"], q["max_ms"]),
            q["median_ms"] <= 5)
        if "slowest_query" in q:
            row("slowest query of that set (median of its rounds; %d employers with compound names beside the"
                " notes, found inside words by the trigram index)" % q["employers"], "≤ 10 ms",
                "`%s` %.2f ms" % (q["slowest_query"], q["slowest_median_ms"]), q["slowest_median_ms"] <= 10)
    else:
        row("full-text search", "median ≤ 5 ms", "failed", False)
    imp = results.get("import_jsonl")
    if imp:
        row("import %d records from JSON Lines (`feltnotat-cli import`: rules, search index, clocks, outbox; one "
            "transaction per 1000 rows)" % imp["records"], "≥ 20,000 records/s",
            "%d records/s (%.2f s)%s" % (imp["records_per_s"], imp["ms"] / 1000,
                "; %d records per CPU second (%.2f s of CPU, both threads)" % (imp["records_per_cpu_s"],
                    imp["cpu_ms"] / 1000) if "cpu_ms" in imp else ""), imp["records_per_s"] >= 20000)
    else:
        row("import from JSON Lines", "≥ 20,000 records/s", "failed", False)
    f = results.get("first_sync")
    pouch = [v for k, v in results.items() if k == "pouchdb_first_sync"]
    pouch_runs = [json.loads(l) for l in open(sys.argv[1]) if '"pouchdb_first_sync"' in l and '"ms"' in l]
    best_pouch = min(pouch_runs, key=lambda o: o["ms"]) if pouch_runs else None
    if f:
        row("first sync of %d records, server (SQLite) → new device over loopback" % f["records"], "≤ 5 s",
            "%.2f s" % (f["ms"] / 1000), f["ms"] <= 5000)
        if best_pouch:
            ratio = best_pouch["ms"] / max(1, f["ms"])
            row("… against PouchDB 9 replicating %d documents from express-pouchdb (same run)" % best_pouch["docs"],
                "≥ 3× faster", "PouchDB %.2f s (batch_size %d, its faster setting) → %.1f×" % (
                    best_pouch["ms"] / 1000, best_pouch["batch_size"], ratio), ratio >= 3)
        else:
            why = next((o.get("not_measured") for o in pouch if o.get("not_measured")), "PouchDB did not run")
            row("… against PouchDB 9", "≥ 3× faster", why, None)
        row("client memory during that first sync", "≤ 100 MB above idle",
            "%.1f MB above idle (idle %.1f MB, peak %.1f MB)" % (f["above_idle_mb"], f["idle_rss_mb"], f["peak_rss_mb"]),
            f["above_idle_mb"] <= 100)
    else:
        row("first sync", "≤ 5 s", "failed", False)
    p = results.get("push")
    if p:
        row("push of %d pending mutations" % p["mutations"], "≤ 5 s",
            "%.2f s (whole cycle incl. pulling them back: %.2f s)" % (p["push_ms"] / 1000, p["cycle_ms"] / 1000),
            p["push_ms"] <= 5000 and p["left_pending"] == 0 and p["dead_letters"] == 0)
    else:
        row("push", "≤ 5 s", "failed", False)
    for storage in ("sqlite", "postgresql"):
        d = results.get("devices_" + storage)
        if d:
            row("%d devices, %d teams, incremental syncs, %s server" % (d["devices"], d["teams"], storage),
                "p99 ≤ 100 ms, zero errors; report req/s",
                "p99 %.1f ms (median %.1f, max %.0f), %d errors, %d req/s" % (
                    d["p99_ms"], d["median_ms"], d["max_ms"], d["errors"], d["requests_per_s"]),
                d["p99_ms"] <= 100 and d["errors"] == 0)
        else:
            row("200 devices, %s" % storage, "p99 ≤ 100 ms, zero errors", "failed", False)
    ap = results.get("app_start")
    if ap and "median_ms" in ap:
        row("app start to first frame, %d records, offscreen" % ap["records"], "≤ 500 ms; peak RSS ≤ 150 MB",
            "median %d ms (max %d), peak RSS %.1f MB" % (ap["median_ms"], ap["max_ms"], ap["peak_rss_mb"]),
            ap["median_ms"] <= 500 and ap["peak_rss_mb"] <= 150)
    else:
        why = (ap or {}).get("not_measured", "failed")
        row("app start to first frame, 100,000 records", "≤ 500 ms; peak RSS ≤ 150 MB", why, None)
    fleet = load_fleet(sys.argv[1])
    fl = fleet.get("fleet")
    if fl:
        row("national fleet: a day of %d devices in %d teams (%d changes in %d syncs each), 2 servers + PostgreSQL +"
            " nginx on %d cores (`scripts/fleet`)" % (fl["devices"], fl["teams"], fl["changes_per_device"],
                                                      fl["syncs_per_device"], fl["cores"]),
            "day ≤ 10 min, 0 errors; report req/s, records/s, p99 per kind",
            "%.0f s, %d errors; %d req/s, %d records delivered/s; p99 push %.0f ms, pull %.0f ms" % (
                fl["replay_s"], fl["errors"], fl["requests_per_s"], fl["records_delivered_per_s"],
                fl["push"]["p99_ms"], fl["pull"]["p99_ms"]),
            fl["replay_s"] <= 600 and fl["errors"] == 0 if fl["devices"] >= 20000 else "a smaller fleet: no verdict")
    else:
        row("national fleet: 20,000 devices in 2,000 teams, 2 servers + PostgreSQL + nginx", "day ≤ 10 min, 0 errors",
            "not measured in this run (`scripts/fleet` writes build/bench/fleet.jsonl)", None)

    # When the run ended (the results file's last write), so a report written again later keeps the run's date.
    now = datetime.datetime.fromtimestamp(os.path.getmtime(sys.argv[1]), datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        "Written by `scripts/bench` (issue 5); do not edit by hand: change `bench/notes.md` or the benchmarks.",
        "",
        "- Date: %s, commit %s, Release build (`release` preset)" % (now, commit),
        "- Machine: %s, %d cores (nproc), %.1f GiB RAM, %s %s" % (cpu, cores, mem, platform.system(),
                                                                   platform.release()),
        "- Load average (1, 5, 15 min) when the run started: %s; when it ended: %s (2 cores shared with"
        " other builds: wall-clock figures above a load of 2 include waiting for a core)" % (
            results.get("load_start", {}).get("loadavg", "?"), results.get("load_end", {}).get("loadavg", "?")),
        "- Raw figures: `build/bench/results.jsonl` of the run (one JSON line per benchmark).",
        "",
        "| what | target | measured | verdict |",
        "|---|---|---|---|",
    ] + rows + [""]
    if q:
        lines += ["Search, median per query (hits capped at 50):", "",
                  "| query | median | hits |", "|---|---|---|"]
        for k, v in q["queries"].items():
            lines.append("| `%s` | %.2f ms | %d |" % (k, v["median_ms"], v["hits"]))
        lines.append("")
    if a:
        lines += ["Apply, the same %d rows written other ways (medians of the runs; context for the ratio):"
                  % a["records"], "",
                  "| how | records/s |", "|---|---|",
                  "| RemoteApplier, batches of %d (the pull page), one transaction each | %d |"
                  % (a["batch"], a["apply_records_per_s"]),
                  "| plain INSERTs, one transaction, search entries after the rows in rowid order (the baseline) | %d |"
                  % a["plain_records_per_s"]]
        if a.get("plain_paged_records_per_s"):
            lines.append("| plain INSERTs as the baseline, but committed every %d rows (as the applier commits per page) | %d |"
                         % (a["batch"], a["plain_paged_records_per_s"]))
        if a.get("apply_small_batch_records_per_s"):
            lines.append("| RemoteApplier, batches of %d (the pull page before), one transaction each | %d |"
                         % (a["apply_small_batch"], a["apply_small_batch_records_per_s"]))
        if a.get("plain_interleaved_records_per_s"):
            lines.append("| plain INSERTs, one transaction, each search entry right after its row | %d |"
                         % a["plain_interleaved_records_per_s"])
        if a.get("plain_without_search_records_per_s"):
            lines.append("| plain INSERTs, one transaction, no search entries | %d |"
                         % a["plain_without_search_records_per_s"])
        lines.append("")
    lines += crypto_lines(results)
    if fl:
        lines += fleet_lines(fleet, os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "fleet.jsonl"))
    dl = [results.get("devices_sqlite"), results.get("devices_postgresql")]
    if any(dl):
        lines += ["Devices, per request kind:", "", "| storage | kind | n | median | p99 | max |", "|---|---|---|---|---|---|"]
        for d in dl:
            if not d:
                continue
            for kind in ("push", "pull"):
                k = d[kind]
                lines.append("| %s | %s | %d | %.1f ms | %.1f ms | %.0f ms |" % (
                    d["storage"], kind, k["n"], k["median_ms"], k["p99_ms"], k["max_ms"]))
        lines.append("")
    if pouch_runs or f:
        lines += ["First sync, ours against the peer:", "", "| client | records | time | client peak RSS |",
                  "|---|---|---|---|"]
        if f:
            lines.append("| feltnotat (Session, SyncEngine, SQLite) | %d | %.2f s | %.1f MB |" % (
                f["records"], f["ms"] / 1000, f["peak_rss_mb"]))
        for o in pouch_runs:
            lines.append("| PouchDB 9 (LevelDB), batch_size %d | %d | %.2f s | %d MB |" % (
                o["batch_size"], o["docs"], o["ms"] / 1000, o["peak_rss_mb"]))
        lines.append("")
    notes = os.path.join(HERE, "notes.md")
    if os.path.exists(notes):
        lines.append(open(notes).read().rstrip())
        lines.append("")
    open(target, "w").write("\n".join(lines))


if __name__ == "__main__":
    main()
