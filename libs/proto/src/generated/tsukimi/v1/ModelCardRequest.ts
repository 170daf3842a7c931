// Original file: libs/proto/proto/tsukimi/v1/model.proto


export interface ModelCardRequest {
}

export interface ModelCardRequest__Output {
}
