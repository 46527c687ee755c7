// The console opens on the Overview.
import { redirect } from 'next/navigation';

export default function Home() {
  redirect('/overview');
}
