CREATE TABLE "track_merges" (
	"drop_id" integer PRIMARY KEY NOT NULL,
	"keep_id" integer NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "track_merges" ADD CONSTRAINT "track_merges_keep_id_tracks_id_fk" FOREIGN KEY ("keep_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "track_merges_keep_idx" ON "track_merges" USING btree ("keep_id");