// Original file: libs/proto/proto/tsukimi/v1/decode.proto


export interface PrefetchReply {
}

export interface PrefetchReply__Output {
}
