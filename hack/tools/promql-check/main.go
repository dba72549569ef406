// promql-check parses PromQL expressions with Prometheus's own parser, for MonitoringE2E.
// Input (stdin): a JSON array of {"name": ..., "expr": ...}. Output (stdout): a JSON array, in the same order, of
// {"name": ..., "error": "..." or "", "metrics": [metric names the expression selects]}. Exit 0 unless the input
// itself is unreadable.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

type query struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

type checked struct {
	Name    string   `json:"name"`
	Error   string   `json:"error"`
	Metrics []string `json:"metrics"`
}

func main() {
	input, err := io.ReadAll(io.LimitReader(os.Stdin, 16<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, "promql-check: cannot read stdin:", err)
		os.Exit(2)
	}
	var queries []query
	if err := json.Unmarshal(input, &queries); err != nil {
		fmt.Fprintln(os.Stderr, "promql-check: stdin is not a JSON array of {name, expr}:", err)
		os.Exit(2)
	}
	out := make([]checked, 0, len(queries))
	for _, q := range queries {
		out = append(out, check(q))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "promql-check:", err)
		os.Exit(2)
	}
}

func check(q query) checked {
	result := checked{Name: q.Name, Metrics: []string{}}
	expr, err := parser.NewParser(parser.Options{}).ParseExpr(q.Expr)
	if err != nil {
		result.Error = err.Error()
		return result
	}
	names := map[string]bool{}
	parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
		if selector, ok := node.(*parser.VectorSelector); ok {
			name := selector.Name
			for _, m := range selector.LabelMatchers {
				if m.Name == labels.MetricName && m.Type == labels.MatchEqual {
					name = m.Value
				}
			}
			if name == "" {
				result.Error = "a selector without a metric name: " + selector.String()
			} else {
				names[name] = true
			}
		}
		return nil
	})
	for name := range names {
		result.Metrics = append(result.Metrics, name)
	}
	sort.Strings(result.Metrics)
	return result
}
