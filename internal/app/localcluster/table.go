package localcluster

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// PodRow is one pod and where it landed.
type PodRow struct {
	Zone, Node, Pool, Namespace, Pod, Phase string
}

// PodsByZone lists every pod outside kube-system with its node's zone and pool, sorted by zone,
// node and name; pods not yet placed come last, zone "-".
func PodsByZone(ctx context.Context, kube kubernetes.Interface) ([]PodRow, error) {
	nodes, err := kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	zone, pool := map[string]string{}, map[string]string{}
	for _, n := range nodes.Items {
		zone[n.Name], pool[n.Name] = n.Labels[ZoneLabel], n.Labels[PoolLabel]
	}
	pods, err := kube.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var rows []PodRow
	for _, p := range pods.Items {
		if p.Namespace == "kube-system" {
			continue
		}
		r := PodRow{Zone: "-", Node: "-", Pool: "-", Namespace: p.Namespace, Pod: p.Name, Phase: string(p.Status.Phase)}
		if p.Spec.NodeName != "" {
			r.Zone, r.Node, r.Pool = zone[p.Spec.NodeName], p.Spec.NodeName, pool[p.Spec.NodeName]
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if (a.Zone == "-") != (b.Zone == "-") {
			return b.Zone == "-"
		}
		if a.Zone != b.Zone {
			return a.Zone < b.Zone
		}
		if a.Node != b.Node {
			return a.Node < b.Node
		}
		return a.Pod < b.Pod
	})
	return rows, nil
}

// WriteTable writes the rows as an aligned table.
func WriteTable(w io.Writer, rows []PodRow) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ZONE\tNODE\tPOOL\tNAMESPACE\tPOD\tPHASE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Zone, r.Node, r.Pool, r.Namespace, r.Pod, r.Phase)
	}
	tw.Flush()
}
