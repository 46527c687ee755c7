// Any path no page serves: the console's not-found page, in the console's frame (a path outside
// every segment would get Next.js's bare one).
import { notFound } from 'next/navigation';

export default function Missing() {
  notFound();
}
