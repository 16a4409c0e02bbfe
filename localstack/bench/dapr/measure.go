package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dapr/components-contrib/state"
)

// Operations are the latency figures, in the order they are measured and printed.
var Operations = []string{"get", "set", "set_etag"}

// strong is how every read here asks: the compare-and-set loop must see the last commit, and the
// Java side reads with ConsistentRead too.
var strong = state.GetStateOption{Consistency: state.Strong}

// latencies times get, set (last-write-wins) and set with the ETag just read, on an existing key.
// Dapr's Set does not return the new ETag, so each set with an ETag reads it first, untimed; the
// Java side does the same so both time the conditional write alone.
func latencies(ctx context.Context, store state.Store, warmup, samples int) (map[string]Latency, error) {
	const key = "lat"
	value := []byte(Value)
	set := func() error { return store.Set(ctx, &state.SetRequest{Key: key, Value: value}) }
	if err := set(); err != nil {
		return nil, err
	}
	get := func() error {
		resp, err := store.Get(ctx, &state.GetRequest{Key: key, Options: strong})
		if err == nil && resp.Data == nil {
			err = fmt.Errorf("get %s: no value", key)
		}
		return err
	}
	setETag := func(timed func(func() error) error) error {
		resp, err := store.Get(ctx, &state.GetRequest{Key: key, Options: strong})
		if err != nil {
			return err
		}
		return timed(func() error {
			return store.Set(ctx, &state.SetRequest{Key: key, Value: value, ETag: resp.ETag})
		})
	}
	plain := func(op func() error) func(func(func() error) error) error {
		return func(timed func(func() error) error) error { return timed(op) }
	}
	figures := map[string]Latency{}
	for _, op := range Operations {
		round := map[string]func(func(func() error) error) error{
			"get": plain(get), "set": plain(set), "set_etag": setETag,
		}[op]
		l, err := measure(warmup, samples, round)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		figures[op] = l
	}
	return figures, nil
}

// measure runs round warmup times, then samples times, timing only the part it hands to timed.
func measure(warmup, samples int, round func(timed func(func() error) error) error) (Latency, error) {
	var nanos []int64
	for i := 0; i < warmup+samples; i++ {
		record := i >= warmup
		err := round(func(op func() error) error {
			start := time.Now()
			err := op()
			if record {
				nanos = append(nanos, time.Since(start).Nanoseconds())
			}
			return err
		})
		if err != nil {
			return Latency{}, err
		}
	}
	sort.Slice(nanos, func(i, j int) bool { return nanos[i] < nanos[j] })
	return Latency{P50: percentile(nanos, 0.50), P99: percentile(nanos, 0.99), N: len(nanos)}, nil
}

// percentile is the nearest-rank percentile of sorted nanos in milliseconds, as Samples.percentile.
func percentile(sorted []int64, p float64) float64 {
	rank := int(float64(len(sorted))*p+0.999999999) - 1
	if rank < 0 {
		rank = 0
	}
	if rank >= len(sorted) {
		rank = len(sorted) - 1
	}
	return float64(sorted[rank]) / 1e6
}

// goodput has writers goroutines share increments compare-and-set increments of one counter
// key: read with its ETag, set value+1 with that ETag, and on an ETag mismatch read again, at
// once (no backoff, as on the Java side). Lost updates are the committed increments the final
// value does not show.
func goodput(ctx context.Context, store state.Store, key string, writers, increments int) (Goodput, error) {
	if err := store.Set(ctx, &state.SetRequest{Key: key, Value: []byte("0")}); err != nil {
		return Goodput{}, err
	}
	var committed, attempts, longest atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	start := time.Now()
	for w := 0; w < writers; w++ {
		share := increments / writers
		if w < increments%writers {
			share++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < share; i++ {
				tries, err := increment(ctx, store, key)
				if err != nil {
					errs <- err
					return
				}
				committed.Add(1)
				attempts.Add(tries)
				for streak := tries - 1; ; {
					seen := longest.Load()
					if streak <= seen || longest.CompareAndSwap(seen, streak) {
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	seconds := time.Since(start).Seconds()
	close(errs)
	if err := <-errs; err != nil {
		return Goodput{}, err
	}
	final, _, err := read(ctx, store, key)
	if err != nil {
		return Goodput{}, err
	}
	return Goodput{
		Writers: writers, Increments: committed.Load(), Attempts: attempts.Load(), Seconds: seconds,
		PerSecond: float64(committed.Load()) / seconds, Lost: committed.Load() - final,
		LongestLosingStreak: longest.Load(),
	}, nil
}

// increment commits value+1 under the ETag it read; returns how many sets that took.
func increment(ctx context.Context, store state.Store, key string) (int64, error) {
	for tries := int64(1); ; tries++ {
		n, etag, err := read(ctx, store, key)
		if err != nil {
			return tries, err
		}
		err = store.Set(ctx, &state.SetRequest{Key: key, Value: []byte(strconv.FormatInt(n+1, 10)), ETag: etag})
		if err == nil {
			return tries, nil
		}
		if !isMismatch(err) {
			return tries, err
		}
	}
}

func read(ctx context.Context, store state.Store, key string) (int64, *string, error) {
	resp, err := store.Get(ctx, &state.GetRequest{Key: key, Options: strong})
	if err != nil {
		return 0, nil, err
	}
	if resp.ETag == nil {
		return 0, nil, fmt.Errorf("counter %s has no ETag", key)
	}
	n, err := strconv.ParseInt(string(resp.Data), 10, 64)
	if err != nil {
		return 0, nil, fmt.Errorf("counter %s holds %q: %w", key, resp.Data, err)
	}
	return n, resp.ETag, nil
}
