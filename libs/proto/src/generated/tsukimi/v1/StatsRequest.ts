// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto


export interface StatsRequest {
}

export interface StatsRequest__Output {
}
