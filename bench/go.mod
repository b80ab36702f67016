module github.com/kestractl/kestractl/bench

go 1.26.0
