CREATE TABLE "listen_local_daily" (
	"user_id" integer NOT NULL,
	"day" date NOT NULL,
	"source" text NOT NULL,
	"plays" integer NOT NULL,
	"ms_played" bigint NOT NULL,
	CONSTRAINT "listen_local_daily_user_id_day_source_pk" PRIMARY KEY("user_id","day","source")
);
--> statement-breakpoint
CREATE TABLE "listen_local_week_hours" (
	"user_id" integer NOT NULL,
	"source" text NOT NULL,
	"isodow" smallint NOT NULL,
	"hour" smallint NOT NULL,
	"plays" integer NOT NULL,
	"ms_played" bigint NOT NULL,
	CONSTRAINT "listen_local_week_hours_user_id_source_isodow_hour_pk" PRIMARY KEY("user_id","source","isodow","hour")
);
--> statement-breakpoint
ALTER TABLE "listen_local_daily" ADD CONSTRAINT "listen_local_daily_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listen_local_week_hours" ADD CONSTRAINT "listen_local_week_hours_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;