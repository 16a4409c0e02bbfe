// Command dapr-peer measures Dapr's DynamoDB state store (components-contrib state/aws/dynamodb,
// the version pinned in go.mod) in process, against a DynamoDB endpoint such as the local stack's
// moto emulator: latency of get, set and set with an ETag, and the goodput of compare-and-set
// increments by 1 and by N writers on one key, with the lost updates counted. PeerBenchmark
// (localstack, io.stateapi.local.bench) runs it beside the same figures of this project's store
// adapter on the same emulator (docs/performance.md, ADR 0043). It lives with the benchmarks and
// in no Lambda artifact.
//
// Usage:
//
//	dapr-peer -endpoint http://127.0.0.1:4566 -table dapr-peer-1 [-samples 500] [-warmup 200]
//	          [-increments 200] [-writers 1,8] [-out result.json]
//
// The table is created (key attribute "key", on demand) when it does not exist. The JSON result
// goes to -out (or stdout when -out is empty) and a text table to stderr.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/dapr/components-contrib/metadata"
	"github.com/dapr/components-contrib/state"
	daprdynamodb "github.com/dapr/components-contrib/state/aws/dynamodb"
	"github.com/dapr/kit/logger"
)

// ContribVersion is the components-contrib release go.mod pins; reported with the figures.
const ContribVersion = "v1.16.1"

// Value is the document every latency figure writes, the same the Java side writes.
const Value = `{"user":"ada","items":[1,2,3],"total":"99.90"}`

func main() {
	endpoint := flag.String("endpoint", "", "the DynamoDB endpoint (the emulator's address)")
	table := flag.String("table", "", "the table Dapr's store uses; created when missing")
	samples := flag.Int("samples", 500, "timed rounds per latency figure")
	warmup := flag.Int("warmup", 200, "untimed rounds before each latency figure")
	increments := flag.Int("increments", 200, "successful increments per goodput figure, shared among the writers")
	writers := flag.String("writers", "1,8", "writer counts of the goodput figures")
	out := flag.String("out", "", "where the JSON result goes (stdout when empty)")
	flag.Parse()
	if *endpoint == "" || *table == "" {
		fmt.Fprintln(os.Stderr, "dapr-peer: -endpoint and -table are required")
		os.Exit(2)
	}
	counts, err := parseWriters(*writers)
	if err != nil {
		fail(err)
	}

	ctx := context.Background()
	if err := ensureTable(ctx, *endpoint, *table); err != nil {
		fail(fmt.Errorf("creating table %s: %w", *table, err))
	}
	store, err := openStore(ctx, *endpoint, *table)
	if err != nil {
		fail(err)
	}
	defer store.Close()

	result := Result{
		Side:    "Dapr state/aws/dynamodb in process",
		Version: "components-contrib " + ContribVersion + ", " + runtime.Version(),
		Samples: *samples,
		Warmup:  *warmup,
	}
	if result.Latency, err = latencies(ctx, store, *warmup, *samples); err != nil {
		fail(err)
	}
	for i, n := range counts {
		g, err := goodput(ctx, store, fmt.Sprintf("cas/%d/%d", i, n), n, *increments)
		if err != nil {
			fail(err)
		}
		result.Goodput = append(result.Goodput, g)
	}
	result.print(os.Stderr)
	if err := result.write(*out); err != nil {
		fail(err)
	}
}

// openStore initialises the store as daprd would from a component manifest with these metadata.
func openStore(ctx context.Context, endpoint, table string) (state.Store, error) {
	log := logger.NewLogger("dapr-peer")
	log.SetOutputLevel(logger.WarnLevel)
	store := daprdynamodb.NewDynamoDBStateStore(log)
	err := store.Init(ctx, state.Metadata{Base: metadata.Base{Name: "peer", Properties: map[string]string{
		"table":     table,
		"endpoint":  endpoint,
		"region":    "us-east-1",
		"accessKey": "test",
		"secretKey": "test",
	}}})
	if err != nil {
		return nil, fmt.Errorf("initialising Dapr's DynamoDB state store: %w", err)
	}
	return store, nil
}

func parseWriters(list string) ([]int, error) {
	var counts []int
	for _, field := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-writers: %q is not a positive count", field)
		}
		counts = append(counts, n)
	}
	return counts, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "dapr-peer:", err)
	os.Exit(1)
}

// Result is what the driver reports; PeerBenchmark reads it back.
type Result struct {
	Side    string             `json:"side"`
	Version string             `json:"version"`
	Samples int                `json:"samples"`
	Warmup  int                `json:"warmup"`
	Latency map[string]Latency `json:"latency"`
	Goodput []Goodput          `json:"goodput"`
}

// Latency of one operation: nearest-rank percentiles of the timed rounds, in milliseconds.
type Latency struct {
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	N   int     `json:"n"`
}

// Goodput of compare-and-set increments by some writers on one key.
type Goodput struct {
	Writers    int     `json:"writers"`
	Increments int64   `json:"increments"`
	Attempts   int64   `json:"attempts"`
	Seconds    float64 `json:"seconds"`
	PerSecond  float64 `json:"per_second"`
	Lost       int64   `json:"lost"`
	// LongestLosingStreak is the most conflicts one increment met before it committed.
	LongestLosingStreak int64 `json:"longest_losing_streak"`
}

func (r Result) print(w *os.File) {
	fmt.Fprintf(w, "%s (%s), %d samples after %d warm-up rounds\n", r.Side, r.Version, r.Samples, r.Warmup)
	fmt.Fprintln(w, "| operation | p50 | p99 |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, op := range Operations {
		l := r.Latency[op]
		fmt.Fprintf(w, "| %s | %.2f ms | %.2f ms |\n", op, l.P50, l.P99)
	}
	fmt.Fprintln(w, "| writers | increments/s | attempts per increment | lost | longest losing streak |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, g := range r.Goodput {
		fmt.Fprintf(w, "| %d | %.1f | %.2f | %d | %d |\n", g.Writers, g.PerSecond,
			float64(g.Attempts)/float64(g.Increments), g.Lost, g.LongestLosingStreak)
	}
}

func (r Result) write(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if path == "" {
		_, err = os.Stdout.Write(append(data, '\n'))
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// isMismatch says whether a set failed because the ETag no longer matched (another writer won).
func isMismatch(err error) bool {
	var etagErr *state.ETagError
	return errors.As(err, &etagErr) && etagErr.Kind() == state.ETagMismatch
}
