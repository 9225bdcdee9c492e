CREATE TABLE "track_claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"user_id" integer,
	"provider" text NOT NULL,
	"external_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "track_claims" ADD CONSTRAINT "track_claims_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_claims" ADD CONSTRAINT "track_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "track_claims_key" ON "track_claims" USING btree ("user_id","provider","external_id");--> statement-breakpoint
CREATE INDEX "track_claims_external_idx" ON "track_claims" USING btree ("provider","external_id");--> statement-breakpoint
CREATE INDEX "track_claims_track_idx" ON "track_claims" USING btree ("track_id");