CREATE TABLE "outbox_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"target_id" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"backfill" boolean NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_batches_targetId_unique" UNIQUE("target_id")
);
--> statement-breakpoint
CREATE TABLE "outbox_items" (
	"target_id" integer NOT NULL,
	"listen_id" bigint NOT NULL,
	"backfill" boolean DEFAULT false NOT NULL,
	"batch_id" integer,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_items_target_id_listen_id_pk" PRIMARY KEY("target_id","listen_id")
);
--> statement-breakpoint
CREATE TABLE "outbox_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"secret_enc" text NOT NULL,
	"account_name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_error" text,
	"last_sent_at" timestamp with time zone,
	"sent_count" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"retry_at" timestamp with time zone,
	"backfill_total" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_batches" ADD CONSTRAINT "outbox_batches_target_id_outbox_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."outbox_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_items" ADD CONSTRAINT "outbox_items_target_id_outbox_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."outbox_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_targets" ADD CONSTRAINT "outbox_targets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_items_pending" ON "outbox_items" USING btree ("target_id","backfill") WHERE "outbox_items"."sent_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_targets_user_kind" ON "outbox_targets" USING btree ("user_id","kind");--> statement-breakpoint
-- Every new counted listen is queued for each of its owner's targets, whatever wrote it (live passes,
-- reconciles, the /1/ API). File imports are history, forwarded only by an explicit back-fill. One statement-
-- level trigger, as the rollups: a bulk insert pays one join, not one call per row.
CREATE FUNCTION outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox_items (target_id, listen_id)
  SELECT t.id, n.id FROM new_rows n JOIN outbox_targets t ON t.user_id = n.user_id
  WHERE n.import_id IS NULL AND NOT n.skipped AND n.duplicate_of IS NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listens_outbox_enqueue AFTER INSERT ON listens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_enqueue();
