package sitetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// Task is one task of the page's main thread (a trace's "RunTask"), from
// navigation start, with the work directly inside it.
type Task struct {
	Start, Dur time.Duration
	Work       []Slice // the task's direct children, longest first
}

// Slice is one kind of work inside a task: a trace event's name, with what
// it names (a script's address, an event's type, a function) and the time.
type Slice struct {
	Name, Detail string
	Dur          time.Duration
}

// traceCategories are those of Chromium's performance panel that say what
// the main thread does.
var traceCategories = []string{"toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline",
	"blink.user_timing", "loading", "v8.execute", "v8"}

// tracer collects a tab's trace events until stop.
type tracer struct {
	mu     sync.Mutex
	events []json.RawMessage
	done   chan struct{}
}

func startTrace(tab context.Context) (*tracer, error) {
	tr := &tracer{done: make(chan struct{})}
	if err := chromedp.Listen(tab, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			tr.mu.Lock()
			for _, v := range ev.Value {
				b, err := json.Marshal(v)
				if err == nil {
					tr.events = append(tr.events, b)
				}
			}
			tr.mu.Unlock()
		case *tracing.EventTracingComplete:
			close(tr.done)
		}
	}); err != nil {
		return nil, err
	}
	_, err := chromedp.Call(tab, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
	})
	return tr, err
}

// stop ends the trace and returns the main thread's tasks of the page
// (dclAt: see mainTasks); it writes the whole trace to file if that is not "".
func (tr *tracer) stop(tab context.Context, file string, dclAt time.Duration) ([]Task, error) {
	if _, err := chromedp.Call(tab, tracing.End, cdp.Empty{}); err != nil {
		return nil, err
	}
	select {
	case <-tr.done:
	case <-tab.Done():
		return nil, tab.Err()
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if file != "" {
		b, err := json.Marshal(map[string]any{"traceEvents": tr.events})
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(file, b, 0o644); err != nil {
			return nil, err
		}
	}
	return mainTasks(tr.events, dclAt)
}

// traceEvent is what mainTasks reads of a trace event.
type traceEvent struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`  // µs
	Dur  float64 `json:"dur"` // µs
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
	Args struct {
		Data struct {
			URL          string `json:"url"`
			Type         string `json:"type"`
			FunctionName string `json:"functionName"`
		} `json:"data"`
	} `json:"args"`
}

// mainTasks returns the tasks of the page's main thread: the thread that
// marked the page's load event. Its mark of DOMContentLoaded's end happened
// dclAt after navigation start (the page's own figure), which sets the
// clock (the trace may lack the new renderer's navigationStart).
func mainTasks(raw []json.RawMessage, dclAt time.Duration) ([]Task, error) {
	var evs []traceEvent
	var load, dcl *traceEvent
	for _, r := range raw {
		var e traceEvent
		if json.Unmarshal(r, &e) != nil {
			continue
		}
		evs = append(evs, e)
		switch e.Name {
		case "loadEventStart":
			load = &e
		case "domContentLoadedEventEnd":
			dcl = &e
		}
	}
	if load == nil || dcl == nil || dcl.Pid != load.Pid {
		return nil, fmt.Errorf("trace: no load event and DOMContentLoaded of the page among %d events", len(evs))
	}
	zero := dcl.Ts - float64(dclAt/time.Microsecond)
	var mine []traceEvent
	for _, e := range evs {
		if e.Pid == load.Pid && e.Tid == load.Tid && e.Ph == "X" && e.Ts >= zero {
			mine = append(mine, e)
		}
	}
	// Parents before their children: by start, the longer first.
	slices.SortFunc(mine, func(a, b traceEvent) int {
		if a.Ts != b.Ts {
			return cmp.Compare(a.Ts, b.Ts)
		}
		return cmp.Compare(b.Dur, a.Dur)
	})
	return nestTasks(mine, zero), nil
}

// nestTasks groups events into the RunTask that holds them; only the
// outermost work inside counts (the scheduler's own wrappers, category
// "toplevel", do not), summed by name and detail.
func nestTasks(evs []traceEvent, zero float64) []Task {
	us := func(v float64) time.Duration { return time.Duration(v * float64(time.Microsecond)) }
	var tasks []Task
	for i := 0; i < len(evs); i++ {
		t := evs[i]
		if t.Name != "RunTask" {
			continue
		}
		end := t.Ts + t.Dur
		work := map[[2]string]time.Duration{}
		childEnd := 0.0
		for j := i + 1; j < len(evs) && evs[j].Ts < end; j++ {
			c := evs[j]
			if c.Ts < childEnd || c.Name == "RunTask" || strings.Contains(c.Cat, "toplevel") {
				continue // inside work counted already, a nested task or a wrapper
			}
			childEnd = c.Ts + c.Dur
			work[[2]string{c.Name, detail(c)}] += us(c.Dur)
		}
		task := Task{Start: us(t.Ts - zero), Dur: us(t.Dur)}
		for k, d := range work {
			task.Work = append(task.Work, Slice{Name: k[0], Detail: k[1], Dur: d})
		}
		slices.SortFunc(task.Work, func(a, b Slice) int { return int(b.Dur - a.Dur) })
		tasks = append(tasks, task)
	}
	return tasks
}

func detail(e traceEvent) string {
	d := e.Args.Data
	switch {
	case d.FunctionName != "":
		return d.FunctionName
	case d.Type != "":
		return d.Type
	}
	return d.URL
}
