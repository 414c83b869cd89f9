#!/usr/bin/env bash
# Whole-process benchmarks of newsearch against the raw-tantivy baseline
# (examples/bench_baseline.rs), measured in the same run. See BENCHMARKS.md.
#
#   benches/scale.sh reuters            # ../shared/data/reuters21578/articles.jsonl (19,779 articles)
#   benches/scale.sh 200000             # generated corpus: JSON Lines and a directory of .txt files
#   benches/scale.sh 1000000 --no-files # generated, JSON Lines only
#   benches/scale.sh --smoke            # 2,000 articles of each kind; seconds (used by .ci/run)
#   benches/scale.sh path/to/file.jsonl # any JSON Lines corpus
#
# For each input (a JSON Lines file, and for generated corpora also the same articles as one
# .txt file each): indexing wall time, articles/s, MB/s of body text, peak RSS and index size,
# for the baseline, newsearch and newsearch --no-entities, each run REPEATS times alternating
# (medians reported); then the wall time of one whole `newsearch "QUERY"` process against the
# baseline's `bench_baseline query` (median of QUERY_RUNS, warm page cache), and the in-process
# latency percentiles of benches/search.rs on the JSON Lines indexes.
#
# Options: --no-files (skip the .txt input), --files-only, --criterion (also run the criterion
# groups of benches/search.rs), --clean (delete generated corpora and indexes at the end).
# Environment: BENCH_DIR (default /tmp/newsearch-bench: corpora, indexes, results),
# REPEATS (default 3, 2 above 50k articles, 1 above 500k), QUERY_RUNS (default 20),
# ROUNDS (in-process rounds, default 20), BUDGET_MB (writer budget of both, default 256),
# SHARED (default ../shared beside the checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

smoke=0 files=1 jsonl=1 criterion=0 clean=0 target=""
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1 ;;
        --no-files) files=0 ;;
        --files-only) jsonl=0 ;;
        --criterion) criterion=1 ;;
        --clean) clean=1 ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        -*) echo "scale.sh: unknown option $arg" >&2; exit 2 ;;
        *) target=$arg ;;
    esac
done
[[ $smoke == 1 && -z $target ]] && target=smoke
[[ -z $target ]] && { echo "usage: benches/scale.sh reuters|N|FILE.jsonl|--smoke [--no-files]" >&2; exit 2; }

SHARED=${SHARED:-$repo/../shared}
reuters=$SHARED/data/reuters21578/articles.jsonl
gen=$SHARED/tools/gen_corpus.py
BENCH_DIR=${BENCH_DIR:-/tmp/newsearch-bench}
BUDGET_MB=${BUDGET_MB:-256}
QUERY_RUNS=${QUERY_RUNS:-20}
ROUNDS=${ROUNDS:-20}
mkdir -p "$BENCH_DIR"

if [[ ! -f $reuters ]]; then
    echo "scale.sh: $reuters not found; nothing to benchmark (set SHARED)"
    exit 0
fi

# Peak RSS comes from GNU time.
if [[ ! -x /usr/bin/time ]]; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing GNU time (apt-get install time) for peak RSS" >&2
        (apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }) >/dev/null
    fi
    [[ -x /usr/bin/time ]] || { echo "scale.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
fi

# --- the corpus ------------------------------------------------------------------------------
jsonl_path="" files_dir="" label=""
case "$target" in
    smoke)
        label=smoke
        jsonl_path=$BENCH_DIR/smoke.jsonl
        head -n 2000 "$reuters" > "$jsonl_path"
        files_dir=$BENCH_DIR/smoke_files
        if [[ $files == 1 && ! -d $files_dir ]]; then
            python3 "$gen" --source "$reuters" -n 2000 --files "$files_dir" >/dev/null
        fi
        REPEATS=${REPEATS:-1} QUERY_RUNS=3 ROUNDS=3
        ;;
    reuters)
        label=reuters
        jsonl_path=$reuters
        files_dir=$BENCH_DIR/reuters_files
        if [[ $files == 1 && ! -d $files_dir ]]; then
            python3 "$gen" --source "$reuters" --copy --files "$files_dir.tmp" >/dev/null
            mv "$files_dir.tmp" "$files_dir"
        fi
        ;;
    *.jsonl|*.ndjson)
        label=$(basename "$target"); label=${label%.*}
        jsonl_path=$(realpath "$target")
        files=0
        ;;
    *[!0-9]*) echo "scale.sh: not a size, a .jsonl file or reuters: $target" >&2; exit 2 ;;
    *)
        label=gen$target
        jsonl_path=$BENCH_DIR/gen$target.jsonl
        files_dir=$BENCH_DIR/gen${target}_files
        need_jsonl=0 need_files=0
        [[ ! -f $jsonl_path ]] && need_jsonl=1
        [[ $files == 1 && ! -d $files_dir ]] && need_files=1
        if [[ $need_jsonl == 1 || $need_files == 1 ]]; then
            echo "generating $target articles …" >&2
            out=()
            [[ $need_jsonl == 1 ]] && out+=(--jsonl "$jsonl_path.tmp")
            [[ $need_files == 1 ]] && out+=(--files "$files_dir.tmp")
            python3 "$gen" --source "$reuters" -n "$target" "${out[@]}" >&2
            [[ $need_jsonl == 1 ]] && mv "$jsonl_path.tmp" "$jsonl_path"
            [[ $need_files == 1 ]] && mv "$files_dir.tmp" "$files_dir"
        fi
        ;;
esac
[[ $files == 1 && -n $files_dir ]] || files=0
articles=$(wc -l < "$jsonl_path" | tr -d ' ')
if [[ -z ${REPEATS:-} ]]; then
    if (( articles > 500000 )); then REPEATS=1; elif (( articles > 50000 )); then REPEATS=2; else REPEATS=3; fi
fi

# --- build -----------------------------------------------------------------------------------
# Build once and run the built files, so that edits landing during a run cannot mix versions.
echo "building (release) …" >&2
cargo build --release --bin newsearch --example bench_baseline >&2
bench_bin=$(cargo bench --bench search --no-run --message-format=json \
    | jq -r 'select(.reason == "compiler-artifact" and .target.name == "search" and .executable != null) | .executable' | tail -1)
ns=$repo/target/release/newsearch
base=$repo/target/release/examples/bench_baseline

# Cached index location of benches/search.rs for this JSON Lines file (common::cache_dir).
cache=$BENCH_DIR/$(basename "$jsonl_path")-$(stat -c %s "$jsonl_path")-$(stat -c %Y "$jsonl_path")
work=$BENCH_DIR/run-$label
results=$BENCH_DIR/results-$label
rm -rf "$work" "$results"
mkdir -p "$work" "$cache" "$results"
records=$results/index.tsv
printf 'input\tsystem\trun\twall_s\trss_kb\tindex_bytes\tarticles\tbody_bytes\n' > "$records"

# One timed indexing run: SYSTEM INPUT_KIND INPUT INDEX_DIR RUN
index_run() {
    local system=$1 kind=$2 input=$3 dir=$4 run=$5 out=$work/out.json tm=$work/time.txt
    rm -rf "$dir"
    case "$system" in
        baseline)
            local sub=index; [[ $kind == files ]] && sub=index-files
            /usr/bin/time -f '%e %M' -o "$tm" "$base" "$sub" "$input" "$dir" --budget-mb "$BUDGET_MB" > "$out" ;;
        newsearch)
            /usr/bin/time -f '%e %M' -o "$tm" "$ns" index --index "$dir" --memory-mb "$BUDGET_MB" --threads 2 --json "$input" > "$out" ;;
        newsearch-noent)
            /usr/bin/time -f '%e %M' -o "$tm" "$ns" index --index "$dir" --memory-mb "$BUDGET_MB" --threads 2 --no-entities --json "$input" > "$out" ;;
    esac
    local wall rss size n bytes
    read -r wall rss < <(tail -1 "$tm")
    size=$(du -sb "$dir" | cut -f1)
    if [[ $system == baseline ]]; then
        n=$(jq .articles "$out"); bytes=$(jq .body_bytes "$out")
    else
        n=$(jq '.articles_indexed + .articles_updated' "$out"); bytes=0
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$system" "$run" "$wall" "$rss" "$size" "$n" "$bytes" >> "$records"
    echo "  $kind $system run $run: ${wall}s, $((rss / 1024)) MiB peak, $n articles" >&2
}

inputs=()
[[ $jsonl == 1 ]] && inputs+=(jsonl)
[[ $files == 1 ]] && inputs+=(files)
for kind in "${inputs[@]}"; do
    if [[ $kind == jsonl ]]; then
        input=$jsonl_path
        cat "$input" > /dev/null   # warm the page cache
        base_dir=$cache/baseline ns_dir=$cache/newsearch
    else
        input=$files_dir
        tar cf - -C "$input" . > /dev/null   # warm the page cache
        base_dir=$work/files-baseline ns_dir=$work/files-newsearch
    fi
    echo "indexing $label ($kind), $REPEATS run(s) each …" >&2
    for ((r = 1; r <= REPEATS; r++)); do
        # Alternate the order so that neither system always runs first.
        if (( r % 2 == 1 )); then
            index_run baseline "$kind" "$input" "$base_dir" "$r"
            index_run newsearch-noent "$kind" "$input" "$work/$kind-noent" "$r"
            index_run newsearch "$kind" "$input" "$ns_dir" "$r"
        else
            index_run newsearch "$kind" "$input" "$ns_dir" "$r"
            index_run newsearch-noent "$kind" "$input" "$work/$kind-noent" "$r"
            index_run baseline "$kind" "$input" "$base_dir" "$r"
        fi
    done
    rm -rf "$work/$kind-noent"
    [[ $kind == files ]] && rm -rf "$base_dir" "$ns_dir"
done

# --- one query, whole process ----------------------------------------------------------------
queries=("oil" "crude oil prices" '"trade deficit"')
proc=$results/process.tsv
printf 'query\tbaseline_p50\tnewsearch_p50\tbaseline_min\tnewsearch_min\n' > "$proc"
if [[ $jsonl == 1 ]]; then
    echo "timing one-query processes ($QUERY_RUNS runs each) …" >&2
    for q in "${queries[@]}"; do
        json=$("$base" proc-time --runs "$QUERY_RUNS" --warmup 3 -- \
            "$base" query "$cache/baseline" "$q" ::: \
            "$ns" --index "$cache/newsearch" --color never "$q")
        printf '%s\t%s\t%s\t%s\t%s\n' "$q" "$(jq .a.p50_ms <<<"$json")" "$(jq .b.p50_ms <<<"$json")" \
            "$(jq .a.min_ms <<<"$json")" "$(jq .b.min_ms <<<"$json")" >> "$proc"
    done
fi

# --- in-process latency ----------------------------------------------------------------------
if [[ $jsonl == 1 && -n $bench_bin ]]; then
    echo "in-process latency ($ROUNDS rounds) …" >&2
    crit=0; [[ $criterion == 1 && $smoke == 0 ]] && crit=1
    NEWSEARCH_BENCH_CORPUS=$jsonl_path NEWSEARCH_BENCH_NS_INDEX=$cache/newsearch \
    NEWSEARCH_BENCH_BASE_INDEX=$cache/baseline NEWSEARCH_BENCH_ROUNDS=$ROUNDS \
    NEWSEARCH_BENCH_CRITERION=$crit NEWSEARCH_BENCH_JSON=$results/inprocess.json \
        "$bench_bin" --bench > "$results/inprocess.txt"
fi

# --- report ----------------------------------------------------------------------------------
python3 - "$results" "$label" "$articles" "$BUDGET_MB" <<'EOF' | tee "$results/report.md"
import csv, json, os, statistics, sys
results, label, articles, budget = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(f"{results}/index.tsv"), delimiter="\t"))
med = statistics.median
print(f"### {label}: {articles:,} articles, writer budget {budget} MiB, {os.cpu_count()} cores\n")
if rows:
    print("| input | system | wall s | articles/s | MB/s | peak RSS MiB | index MiB | ratio art/s | ratio size |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in ("jsonl", "files"):
        sel = [r for r in rows if r["input"] == kind]
        if not sel:
            continue
        stat = {}
        for system in ("baseline", "newsearch", "newsearch-noent"):
            rs = [r for r in sel if r["system"] == system]
            if not rs:
                continue
            wall = med(float(r["wall_s"]) for r in rs)
            stat[system] = dict(
                wall=wall, walls=[float(r["wall_s"]) for r in rs],
                rss=med(int(r["rss_kb"]) for r in rs) / 1024,
                size=med(int(r["index_bytes"]) for r in rs) / 2**20,
                n=int(rs[0]["articles"]),
            )
        body = max(int(r["body_bytes"]) for r in sel if r["system"] == "baseline")
        n_base = stat["baseline"]["n"]
        for system, s in stat.items():
            aps = s["n"] / s["wall"]
            mbs = body / 1e6 / s["wall"]
            ratio = aps / (n_base / stat["baseline"]["wall"])
            size_ratio = s["size"] / stat["baseline"]["size"]
            name = {"newsearch-noent": "newsearch --no-entities"}.get(system, system)
            walls = "/".join(f"{w:.2f}" for w in s["walls"]) if len(s["walls"]) > 1 else f"{s['wall']:.2f}"
            print(f"| {kind} | {name} | {walls} | {aps:,.0f} | {mbs:.1f} | {s['rss']:.0f} | {s['size']:.1f} | "
                  + ("—" if system == "baseline" else f"{ratio:.2f}") + " | "
                  + ("—" if system == "baseline" else f"{size_ratio:.2f}") + " |")
    print("\n(wall: median of the runs listed; articles/s and MB/s from the median wall time of the whole process; MB = 10^6 bytes of body text)\n")
proc = list(csv.DictReader(open(f"{results}/process.tsv"), delimiter="\t"))
if proc:
    print("| one query, whole process | baseline p50 ms | newsearch p50 ms | ratio | baseline min | newsearch min |")
    print("|---|---|---|---|---|---|")
    for p in proc:
        b, n = float(p["baseline_p50"]), float(p["newsearch_p50"])
        print(f"| `{p['query']}` | {b:.1f} | {n:.1f} | {n / b:.2f} | {float(p['baseline_min']):.1f} | {float(p['newsearch_min']):.1f} |")
    print()
ip = f"{results}/inprocess.txt"
if os.path.exists(ip):
    lines = open(ip).read().splitlines()
    print("\n".join(l for l in lines if l.startswith("in-process")) + "\n")
    print("\n".join(l for l in lines if l.startswith("|")))
EOF
echo "results: $results/ (report.md, index.tsv, process.tsv, inprocess.txt)" >&2

if [[ $clean == 1 ]]; then
    rm -rf "$work" "$cache"
    case "$target" in
        smoke|[0-9]*) rm -rf "$files_dir" "$jsonl_path" ;;
        reuters) rm -rf "$files_dir" ;;
    esac
fi
rm -rf "$work"
