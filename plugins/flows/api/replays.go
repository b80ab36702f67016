package api

import (
	"context"
	"encoding/json"
	"net/url"
)

// labelReplay is the system label of an execution made by a replay.
const labelReplay = "system.replay"

// ReplaysOf returns the replays (executions labelled system.replay) of a
// flow's executions, by the execution they replay (their parentId).
func (c *Client) ReplaysOf(ctx context.Context, namespace, flowID string, of map[string]bool) (map[string][]string, error) {
	q := url.Values{
		"filters[namespace][EQUALS]":                   {namespace},
		"filters[flowId][EQUALS]":                      {flowID},
		"filters[labels][EQUALS][" + labelReplay + "]": {"true"},
	}
	out := map[string][]string{}
	err := c.SearchExecutions(ctx, q, 0, 200, func(items []json.RawMessage, _ int64) error {
		for _, raw := range items {
			var e struct {
				ID       string `json:"id"`
				ParentID string `json:"parentId"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				return err
			}
			if of[e.ParentID] {
				out[e.ParentID] = append(out[e.ParentID], e.ID)
			}
		}
		return nil
	})
	return out, err
}
