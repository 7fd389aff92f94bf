-- The vector part of the schema, added to the template after ../migrations on the pglite engine
-- (the only engine here with pgvector): one embedding of 32 dimensions per allocation, searched
-- by cosine distance through an HNSW index.
CREATE EXTENSION vector;
CREATE TABLE allocation_embeddings (
  allocation_id bigint PRIMARY KEY REFERENCES allocations (id) ON DELETE CASCADE,
  embedding vector(32) NOT NULL
);
CREATE INDEX allocation_embeddings_hnsw ON allocation_embeddings USING hnsw (embedding vector_cosine_ops);
